package dev.herald.hub.control;

import dev.herald.hub.entity.Event;
import java.util.List;
import java.util.Optional;

/**
 * The events a hub keeps for replay, per topic, in publishing order. The hub calls it under its
 * publishing lock, so an implementation needs no ordering of its own across calls.
 */
public interface EventLog {

  void append(Event event);

  /**
   * The retained events of {@code topic} with a sequence number above {@code seq}, oldest first.
   */
  List<Event> after(String topic, long seq);

  Optional<Event> find(String topic, String id);

  Optional<Event> oldest(String topic);

  Optional<Event> latest(String topic);

  int retained(String topic);

  /**
   * The highest sequence number of {@code topic} no longer retained (0 if none was dropped): a
   * client that saw less than this has missed events.
   */
  long droppedThrough(String topic);
}
