package dev.herald.hub.entity;

import dev.herald.sse.EventFrame;
import java.time.Instant;

/**
 * An event in the log: its SSE id (the log's number for it unless the publisher chose one), its
 * place in the log's one sequence over all topics, and its bytes on the wire.
 */
public record Event(
    String topic, String id, long seq, String type, EventFrame frame, Instant publishedAt) {

  public static Event of(Draft draft, String epoch, long seq, Instant publishedAt) {
    String id = draft.clientId() == null ? EventIds.of(seq, epoch) : draft.clientId();
    return new Event(
        draft.topic(),
        id,
        seq,
        draft.type(),
        EventFrame.event(id, draft.type(), draft.data()),
        publishedAt);
  }
}
