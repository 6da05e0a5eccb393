package dev.herald.hub.entity;

import dev.herald.sse.EventFrame;
import java.time.Instant;
import java.util.List;

/**
 * An event in the log: its SSE id (the log's number for it unless the publisher chose one), its
 * place in the log's one sequence over all topics, and its bytes on the wire. A private event
 * reaches only the subscribers allowed to read its topic's private events, live and in replay. A
 * Mercure update carries its topic IRIs, canonical first (empty for Herald's own events).
 */
public record Event(
    String topic,
    String id,
    long seq,
    String type,
    EventFrame frame,
    Instant publishedAt,
    boolean isPrivate,
    List<String> iris) {

  public Event(
      String topic, String id, long seq, String type, EventFrame frame, Instant publishedAt) {
    this(topic, id, seq, type, frame, publishedAt, false, List.of());
  }

  public static Event of(Draft draft, String epoch, long seq, Instant publishedAt) {
    String id = draft.clientId() == null ? EventIds.of(seq, epoch) : draft.clientId();
    return new Event(
        draft.topic(),
        id,
        seq,
        draft.type(),
        EventFrame.event(id, draft.type(), draft.data(), draft.retry()),
        publishedAt,
        draft.isPrivate(),
        draft.iris());
  }
}
