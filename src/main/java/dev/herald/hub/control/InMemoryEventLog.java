package dev.herald.hub.control;

import dev.herald.config.Settings;
import dev.herald.hub.entity.Event;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The event log of a single node: a ring per topic holding the last {@code hub.retention.events}
 * events, none older than {@code hub.retention.age}.
 */
@ApplicationScoped
public class InMemoryEventLog implements EventLog {

  static final int DEFAULT_MAX_EVENTS = 1000;
  static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);

  @Inject Settings settings;

  private final Map<String, Ring> rings = new HashMap<>();
  private int maxEvents;
  private Duration maxAge;
  private Clock clock;

  public InMemoryEventLog() {}

  InMemoryEventLog(int maxEvents, Duration maxAge, Clock clock) {
    this.maxEvents = maxEvents;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @PostConstruct
  void configure() {
    maxEvents = settings.number("hub.retention.events", DEFAULT_MAX_EVENTS, 1, 1_000_000);
    maxAge =
        settings.millis(
            "hub.retention.age", DEFAULT_MAX_AGE, Duration.ofSeconds(1), Duration.ofDays(7));
    clock = Clock.systemUTC();
  }

  @Override
  public synchronized void append(Event event) {
    Ring ring = rings.computeIfAbsent(event.topic(), topic -> new Ring());
    ring.events.addLast(event);
    ring.byId.put(event.id(), event);
    if (ring.events.size() > maxEvents) {
      ring.drop(ring.events.peekFirst());
    }
    expire(ring);
  }

  @Override
  public synchronized List<Event> after(String topic, long seq) {
    Ring ring = ring(topic);
    List<Event> events = new ArrayList<>();
    if (ring != null) {
      for (var it = ring.events.descendingIterator(); it.hasNext(); ) {
        Event event = it.next();
        if (event.seq() <= seq) {
          break;
        }
        events.add(event);
      }
    }
    Collections.reverse(events);
    return events;
  }

  @Override
  public synchronized Optional<Event> find(String topic, String id) {
    Ring ring = ring(topic);
    return ring == null ? Optional.empty() : Optional.ofNullable(ring.byId.get(id));
  }

  @Override
  public synchronized Optional<Event> oldest(String topic) {
    Ring ring = ring(topic);
    return ring == null ? Optional.empty() : Optional.ofNullable(ring.events.peekFirst());
  }

  @Override
  public synchronized Optional<Event> latest(String topic) {
    Ring ring = ring(topic);
    return ring == null ? Optional.empty() : Optional.ofNullable(ring.events.peekLast());
  }

  @Override
  public synchronized int retained(String topic) {
    Ring ring = ring(topic);
    return ring == null ? 0 : ring.events.size();
  }

  @Override
  public synchronized long droppedThrough(String topic) {
    Ring ring = ring(topic);
    return ring == null ? 0 : ring.droppedThrough;
  }

  private Ring ring(String topic) {
    Ring ring = rings.get(topic);
    if (ring != null) {
      expire(ring);
    }
    return ring;
  }

  private void expire(Ring ring) {
    Instant oldestKept = clock.instant().minus(maxAge);
    while (!ring.events.isEmpty() && ring.events.peekFirst().publishedAt().isBefore(oldestKept)) {
      ring.drop(ring.events.peekFirst());
    }
  }

  private static final class Ring {
    final ArrayDeque<Event> events = new ArrayDeque<>();
    final Map<String, Event> byId = new HashMap<>();
    long droppedThrough;

    void drop(Event event) {
      events.removeFirst();
      byId.remove(event.id());
      droppedThrough = event.seq();
    }
  }
}
