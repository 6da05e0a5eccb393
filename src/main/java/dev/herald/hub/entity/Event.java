package dev.herald.hub.entity;

import dev.herald.sse.EventFrame;
import java.time.Instant;

/**
 * A published event: its SSE id (the hub's sequence number as text unless the publisher chose one),
 * its place in the hub-wide sequence, and its bytes on the wire. A private event reaches only the
 * subscribers allowed to read its topic's private events, live and in replay.
 */
public record Event(
    String topic,
    String id,
    long seq,
    String type,
    EventFrame frame,
    Instant publishedAt,
    boolean isPrivate) {

  public Event(
      String topic, String id, long seq, String type, EventFrame frame, Instant publishedAt) {
    this(topic, id, seq, type, frame, publishedAt, false);
  }
}
