package dev.herald.hub.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.hub.control.EventLog.History;
import dev.herald.hub.control.EventLog.Located;
import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.EventIds.Position;
import dev.herald.sse.EventFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a resuming stream gets before live events: the retained events of its topics after the event
 * it saw last, up to the position it joined the live events at. When the log cannot resume from
 * there exactly, a {@code herald-reset} event says why, and every retained event follows.
 */
final class Replay {

  static final String RESET_TYPE = "herald-reset";

  private Replay() {}

  /** The frames for a stream that resumes from {@code from}, up to {@code through}. */
  static List<EventFrame> of(EventLog log, Set<String> topics, From from, Position through) {
    return of(log, topics, from, through, event -> true, true);
  }

  /**
   * As above, leaving out the events {@code reader} may not read; without the {@code herald-reset}
   * event unless {@code announce}.
   */
  static List<EventFrame> of(
      EventLog log,
      Set<String> topics,
      From from,
      Position through,
      Predicate<Event> reader,
      boolean announce) {
    Located located = from.locate(log, topics);
    String reason = located.reason();
    List<Event> events = new ArrayList<>();
    if (reason == null) {
      long seen = located.position().orElseThrow().seq();
      for (String topic : topics) {
        History history = log.history(topic, seen);
        if (history.gap()) {
          reason = "expired";
          break;
        }
        events.addAll(history.events());
      }
    }
    if (reason != null) {
      events.clear();
      topics.forEach(topic -> events.addAll(log.history(topic, 0).events()));
    }
    events.removeIf(event -> event.seq() > through.seq() || !reader.test(event));
    events.sort(Comparator.comparingLong(Event::seq));
    List<EventFrame> frames = new ArrayList<>(events.size() + 1);
    if (reason != null && announce) {
      frames.add(reset(reason, from.id(), events.isEmpty() ? null : events.get(0).id()));
    }
    events.forEach(event -> frames.add(event.frame()));
    return frames;
  }

  private static EventFrame reset(String reason, String lastEventId, String oldestId) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("reason", reason);
    data.put("lastEventId", lastEventId);
    data.put("oldestId", oldestId);
    return EventFrame.event(null, RESET_TYPE, data.toString());
  }

  /** Where a stream resumes from: an id its client sent, or a position it had reached. */
  record From(String id, Position position) {

    /** The id that asks for everything retained, as if the client had seen nothing yet. */
    static final String FROM_THE_START = "0";

    static From id(String id) {
      return new From(id, null);
    }

    static From position(Position position, String lastId) {
      return new From(lastId, position);
    }

    Located locate(EventLog log, Set<String> topics) {
      if (FROM_THE_START.equals(id)) {
        return Located.at(new Position(log.head().epoch(), 0));
      }
      if (position == null) {
        return log.locate(topics, id);
      }
      return position.epoch().equals(log.head().epoch()) ? Located.at(position) : Located.lost();
    }
  }
}
