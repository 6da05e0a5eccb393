package dev.herald.sse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One piece of an event stream, encoded to its UTF-8 bytes once and then written as is to every
 * subscriber. Every frame ends with a blank line.
 */
public final class EventFrame {

  private final byte[] bytes;
  private final boolean event;

  private EventFrame(byte[] bytes, boolean event) {
    this.bytes = bytes;
    this.event = event;
  }

  /**
   * An event; {@code type} {@code message} (the EventSource default) is left out. The data is split
   * on CR, LF and CRLF into {@code data:} lines, so the client sees it with LF line breaks.
   */
  public static EventFrame event(String id, String type, String data) {
    return event(id, type, data, null);
  }

  /** As above, with the reconnection time the event asks for (null for none), as Mercure's. */
  public static EventFrame event(String id, String type, String data, Long retryMillis) {
    StringBuilder text = new StringBuilder(data.length() + 32);
    if (id != null) {
      requireValid(id);
      text.append("id: ").append(id).append('\n');
    }
    if (type != null && !type.equals("message")) {
      requireValid(type);
      text.append("event: ").append(type).append('\n');
    }
    if (retryMillis != null) {
      text.append("retry: ").append(retryMillis).append('\n');
    }
    int start = 0;
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c == '\r' || c == '\n') {
        text.append("data: ").append(data, start, i).append('\n');
        if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    text.append("data: ").append(data, start, data.length()).append("\n\n");
    return new EventFrame(text.toString().getBytes(StandardCharsets.UTF_8), true);
  }

  /** A comment: clients ignore it; it keeps proxies from closing an idle stream. */
  public static EventFrame comment(String text) {
    requireValid(text);
    return new EventFrame((":" + text + "\n\n").getBytes(StandardCharsets.UTF_8), false);
  }

  /** Tells the client how long to wait before it reconnects. */
  public static EventFrame retry(long millis) {
    return new EventFrame(("retry: " + millis + "\n\n").getBytes(StandardCharsets.US_ASCII), false);
  }

  /** Whether this frame is an event, not a comment or a retry hint. */
  public boolean isEvent() {
    return event;
  }

  public int size() {
    return bytes.length;
  }

  byte[] bytes() {
    return bytes;
  }

  /** The frame's bytes, read-only, for a writer outside this package. */
  public ByteBuffer buffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventFrame frame
        && event == frame.event
        && java.util.Arrays.equals(bytes, frame.bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void requireValid(String field) {
    String violation = SseFields.violation(field);
    if (violation != null) {
      throw new IllegalArgumentException("An SSE field " + violation);
    }
  }
}
