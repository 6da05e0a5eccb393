package dev.herald.mercure.control;

import dev.herald.mercure.entity.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One Mercure subscriber's stream, from the subscriptions' side: announced active once its stream
 * is open, inactive once it has ended, each once and in that order, however the two calls race (the
 * stream can end on another thread before the request thread says it opened).
 */
public final class Connection {

  private enum State {
    NEW,
    ACTIVE,
    ENDED
  }

  private final String id;
  private final List<String> topics;
  private final Object payload;
  private final Consumer<Connection> register;
  private final Consumer<Connection> unregister;
  private State state = State.NEW;

  Connection(
      String id,
      List<String> topics,
      Object payload,
      Consumer<Connection> register,
      Consumer<Connection> unregister) {
    this.id = id;
    this.topics = List.copyOf(topics);
    this.payload = payload;
    this.register = register;
    this.unregister = unregister;
  }

  /** The stream is open: announced unless it has already ended. */
  public synchronized void opened() {
    if (state == State.NEW) {
      state = State.ACTIVE;
      register.accept(this);
    }
  }

  /** The stream has ended, or never opened; safe to call more than once. */
  public synchronized void ended() {
    State was = state;
    state = State.ENDED;
    if (was == State.ACTIVE) {
      unregister.accept(this);
    }
  }

  public String id() {
    return id;
  }

  List<String> topics() {
    return topics;
  }

  /** Its subscriptions (one per topic selector), or only the one of {@code topic} if not null. */
  List<Subscription> subscriptions(String topic, boolean active) {
    List<Subscription> subscriptions = new ArrayList<>(topic == null ? topics.size() : 1);
    for (String selector : topics) {
      if (topic == null || topic.equals(selector)) {
        subscriptions.add(
            new Subscription(SubscriptionPaths.of(selector, id), selector, id, active, payload));
      }
    }
    return subscriptions;
  }
}
