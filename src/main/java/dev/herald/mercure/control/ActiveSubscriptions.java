package dev.herald.mercure.control;

import dev.herald.config.Settings;
import dev.herald.hub.control.Hub;
import dev.herald.hub.control.TopicNames;
import dev.herald.mercure.entity.Subscription;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Mercure's active subscriptions (with {@code mercure.subscriptions}): this node's open Mercure
 * streams, each with a subscriber IRI of its own, and a private update to each of its
 * subscriptions' topics when it opens and when it ends, published through the hub like any update.
 * Off, it holds nothing and does nothing: the hub's path never knows it exists. As many entries as
 * open streams ({@code hub.max-streams}), each with at most {@code mercure.max-topics} selectors.
 */
@ApplicationScoped
public class ActiveSubscriptions {

  private static final Logger LOG = Logger.getLogger(ActiveSubscriptions.class.getName());

  @Inject Settings settings;
  @Inject Hub hub;

  private final Map<String, Connection> connections = new ConcurrentHashMap<>();
  private boolean enabled;
  private SubscriptionEvents events;

  @PostConstruct
  void start() {
    start(settings.flag("mercure.subscriptions", false), this::publish);
  }

  void start(boolean on, Consumer<Subscription> publish) {
    enabled = on;
    if (on) {
      events = new SubscriptionEvents(publish, SubscriptionEvents.MAX_PENDING);
    }
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * A new subscriber over {@code topics} with the token's {@code payload} (null for none), to be
   * told when its stream has opened and when it ended; null when the feature is off.
   */
  public Connection connect(List<String> topics, Object payload) {
    if (!enabled) {
      return null;
    }
    return new Connection(
        "urn:uuid:" + UUID.randomUUID(),
        List.copyOf(new LinkedHashSet<>(topics)),
        payload,
        this::opened,
        this::ended);
  }

  private void opened(Connection connection) {
    connections.put(connection.id(), connection);
    events.announce(connection.subscriptions(null, true));
  }

  private void ended(Connection connection) {
    connections.remove(connection.id());
    events.announce(connection.subscriptions(null, false));
  }

  /**
   * Every active subscription of this node, or those whose selector is {@code topic}: a stream, so
   * that an answer listing them all is written as it is read, never held whole.
   */
  public Stream<Subscription> list(String topic) {
    return connections.values().stream()
        .flatMap(connection -> connection.subscriptions(topic, true).stream());
  }

  public Optional<Subscription> find(String topic, String subscriber) {
    Connection connection = connections.get(subscriber);
    if (connection == null) {
      return Optional.empty();
    }
    return connection.subscriptions(topic, true).stream().findFirst();
  }

  int size() {
    return connections.size();
  }

  private void publish(Subscription subscription) {
    hub.publishUpdate(
        TopicNames.MERCURE,
        List.of(subscription.id()),
        null,
        SubscriptionDocuments.of(subscription, true).toString(),
        null,
        true,
        null);
  }

  @PreDestroy
  void stop() {
    if (events == null) {
      return;
    }
    try {
      events.stop(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(Level.FINE, "Interrupted while stopping the subscription updates", e);
    }
  }
}
