package dev.herald.hub.control;

import dev.herald.hub.entity.Draft;
import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.EventIds;
import dev.herald.hub.entity.EventIds.Position;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The event log of a single node: a ring per topic, and the tail told of each append in the same
 * step, so events reach the hub in sequence order. Its epoch is new with every start: ids from a
 * previous run are told apart rather than taken for this run's.
 */
public final class InMemoryEventLog implements EventLog {

  private final Retention retention;
  private final Clock clock;
  private final String epoch = Epochs.next();
  private final Map<String, Ring> rings = new HashMap<>();
  private long seq;
  private Listener listener;

  public InMemoryEventLog(Retention retention, Clock clock) {
    this.retention = retention;
    this.clock = clock;
  }

  @Override
  public synchronized List<Event> appendAll(List<Draft> drafts) {
    // every draft is checked before any is appended: all or none
    Set<String> newTopics = new HashSet<>();
    Set<List<String>> ids = new HashSet<>();
    for (int i = 0; i < drafts.size(); i++) {
      Draft draft = drafts.get(i);
      Ring ring = ring(draft.topic());
      if (ring == null) {
        newTopics.add(draft.topic());
      }
      if (draft.clientId() != null
          && !draft.reusableId()
          && ((ring != null && ring.byId.containsKey(draft.clientId()))
              || !ids.add(List.of(draft.topic(), draft.clientId())))) {
        throw HubProblems.duplicateId(draft.topic(), draft.clientId(), i, drafts.size());
      }
    }
    if (rings.size() + newTopics.size() > retention.maxTopics()) {
      throw HubProblems.tooManyTopics(retention.maxTopics());
    }
    Instant now = clock.instant();
    List<Event> events = new ArrayList<>(drafts.size());
    for (Draft draft : drafts) {
      Ring ring = rings.computeIfAbsent(draft.topic(), name -> new Ring());
      Event event = Event.of(draft, epoch, ++seq, now);
      ring.events.addLast(event);
      ring.byId.put(event.id(), event);
      if (ring.events.size() > retention.events()) {
        ring.drop();
      }
      events.add(event);
    }
    if (listener != null) {
      listener.appended(List.copyOf(events));
    }
    return events;
  }

  @Override
  public synchronized void tail(Listener listener) {
    this.listener = listener;
  }

  @Override
  public synchronized Position head() {
    return new Position(epoch, seq);
  }

  @Override
  public synchronized Located locate(Set<String> topics, String id) {
    for (String topic : topics) {
      Ring ring = ring(topic);
      Event event = ring == null ? null : ring.byId.get(id);
      if (event != null) {
        return Located.at(new Position(epoch, event.seq()));
      }
    }
    return EventIds.parse(id)
        .map(
            position ->
                !position.epoch().equals(epoch)
                    ? Located.lost()
                    : position.seq() <= seq ? Located.at(position) : Located.unknown())
        .orElseGet(Located::unknown);
  }

  @Override
  public synchronized History history(String topic, long after) {
    Ring ring = ring(topic);
    if (ring == null) {
      return new History(List.of(), false);
    }
    List<Event> events = new ArrayList<>();
    for (var it = ring.events.descendingIterator(); it.hasNext(); ) {
      Event event = it.next();
      if (event.seq() <= after) {
        break;
      }
      events.add(event);
    }
    Collections.reverse(events);
    return new History(events, ring.droppedThrough > after);
  }

  @Override
  public synchronized List<TopicStats> topics() {
    return new TreeMap<>(rings).keySet().stream().map(this::stats).toList();
  }

  @Override
  public synchronized Optional<TopicStats> topic(String name) {
    return rings.containsKey(name) ? Optional.of(stats(name)) : Optional.empty();
  }

  private TopicStats stats(String name) {
    Ring ring = ring(name);
    Event last = ring.events.peekLast();
    return new TopicStats(name, last == null ? ring.lastId : last.id(), ring.events.size());
  }

  @Override
  public Map<String, Integer> subscribersEverywhere() {
    Listener current;
    synchronized (this) {
      current = listener;
    }
    return current == null ? Map.of() : current.subscribers();
  }

  @Override
  public boolean live() {
    return true;
  }

  @Override
  public synchronized void close() {
    listener = null;
  }

  private Ring ring(String topic) {
    Ring ring = rings.get(topic);
    if (ring != null) {
      expire(ring);
    }
    return ring;
  }

  private void expire(Ring ring) {
    Instant oldestKept = clock.instant().minus(retention.age());
    while (!ring.events.isEmpty() && ring.events.peekFirst().publishedAt().isBefore(oldestKept)) {
      ring.drop();
    }
  }

  private static final class Ring {
    final ArrayDeque<Event> events = new ArrayDeque<>();
    final Map<String, Event> byId = new HashMap<>();
    long droppedThrough;
    String lastId;

    void drop() {
      Event event = events.removeFirst();
      // a reused id names a newer event, which keeps it
      byId.remove(event.id(), event);
      droppedThrough = event.seq();
      lastId = event.id();
    }
  }
}
