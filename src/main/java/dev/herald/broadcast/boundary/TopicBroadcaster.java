package dev.herald.broadcast.boundary;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The standard {@code SseBroadcaster} over one hub topic. A broadcast is a publish: validated,
 * numbered, retained and resumable, and on every node when the log is Redis. A registered sink is a
 * hub subscriber: it gets the replay after its request's {@code Last-Event-ID}, then live events,
 * through the hub's writers, and is dropped if it does not keep up. {@link #onClose} and {@link
 * #onError} fire when a client leaves or a write fails; {@link #close} ends the sinks this
 * broadcaster registered and no other subscriber of the topic.
 */
public final class TopicBroadcaster implements SseBroadcaster {

  private static final Logger LOG = Logger.getLogger(TopicBroadcaster.class.getName());

  private final String topic;
  private final Topics topics;
  private final Set<RegisteredSink> registered = ConcurrentHashMap.newKeySet();
  private final List<Consumer<SseEventSink>> closeListeners = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<SseEventSink, Throwable>> errorListeners =
      new CopyOnWriteArrayList<>();
  private volatile boolean closed;
  private volatile boolean cascaded;

  TopicBroadcaster(String topic, Topics topics) {
    this.topic = topic;
    this.topics = topics;
  }

  public String topic() {
    return topic;
  }

  /**
   * Publishes {@code event} to the topic: its name is the event type, its id (if set) the event's
   * id, by the rules of a REST publish. The stage completes with the event's id once the event is
   * in the log, or exceptionally with the problem (an invalid field, a taken id, the log down).
   */
  @Override
  public CompletionStage<String> broadcast(OutboundSseEvent event) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("The broadcaster is closed"));
    }
    try {
      return CompletableFuture.completedFuture(topics.publish(topic, event).id());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Subscribes {@code sink} to the topic. Call it in the resource method that received the sink, on
   * its thread: the stream then resumes after the request's {@code Last-Event-ID} and is written by
   * Herald's non-blocking stream over the request. Elsewhere use {@link #register(SseEventSink,
   * String)}.
   *
   * @throws dev.herald.problem.ProblemException 400 for an invalid Last-Event-ID, 503 when the hub
   *     has as many streams as it may; in a resource method JAX-RS answers with the problem
   */
  @Override
  public void register(SseEventSink sink) {
    requireOpen();
    topics.subscribe(topic, sink, null, this);
  }

  /**
   * Subscribes {@code sink}, resuming after {@code lastEventId} (null for live events only), from
   * any thread. Off its request thread the sink is written through JAX-RS, one batch in flight at a
   * time.
   */
  public void register(SseEventSink sink, String lastEventId) {
    requireOpen();
    topics.subscribe(topic, sink, lastEventId, this);
  }

  RegisteredSink track(RegisteredSink sink) {
    registered.add(sink);
    if (cascaded) {
      // closed while it was being registered: close() may have missed it
      sink.end();
    }
    return sink;
  }

  @Override
  public void onError(BiConsumer<SseEventSink, Throwable> onError) {
    errorListeners.add(onError);
  }

  @Override
  public void onClose(Consumer<SseEventSink> onClose) {
    closeListeners.add(onClose);
  }

  void failed(RegisteredSink sink, Throwable cause) {
    for (BiConsumer<SseEventSink, Throwable> listener : errorListeners) {
      try {
        listener.accept(sink.sink(), cause);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "An onError callback of topic " + topic + " failed", e);
      }
    }
  }

  void closed(RegisteredSink sink) {
    registered.remove(sink);
    for (Consumer<SseEventSink> listener : closeListeners) {
      try {
        listener.accept(sink.sink());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "An onClose callback of topic " + topic + " failed", e);
      }
    }
  }

  /** The sinks registered here whose streams are open. */
  public int registered() {
    return registered.size();
  }

  /** Ends the streams of the sinks this broadcaster registered; later calls do nothing. */
  @Override
  public void close() {
    close(true);
  }

  /**
   * Refuses further broadcasts and registrations; {@code cascading} also ends the streams of the
   * sinks this broadcaster registered (otherwise they stay subscribed until their clients leave).
   */
  @Override
  public void close(boolean cascading) {
    closed = true;
    if (cascading) {
      cascaded = true;
      List.copyOf(registered).forEach(RegisteredSink::end);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("The broadcaster of topic " + topic + " is closed");
    }
  }
}
