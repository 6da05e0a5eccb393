package dev.herald.sse;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Several pre-encoded frames handed to an {@code SseEventSink} as one event, so they go out in one
 * write and one flush. Only {@link FramesWriter} can write it: Jersey picks a body writer by the
 * event's class, and its own writer handles only its own event class.
 */
public final class Frames implements OutboundSseEvent {

  private final List<EventFrame> frames;

  public Frames(List<EventFrame> frames) {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("No frames");
    }
    this.frames = List.copyOf(frames);
  }

  public List<EventFrame> frames() {
    return frames;
  }

  @Override
  public Class<?> getType() {
    return Frames.class;
  }

  @Override
  public Type getGenericType() {
    return Frames.class;
  }

  @Override
  public MediaType getMediaType() {
    return MediaType.SERVER_SENT_EVENTS_TYPE;
  }

  @Override
  public Object getData() {
    return frames;
  }

  @Override
  public String getId() {
    return null;
  }

  @Override
  public String getName() {
    return null;
  }

  @Override
  public String getComment() {
    return null;
  }

  @Override
  public long getReconnectDelay() {
    return -1;
  }

  @Override
  public boolean isReconnectDelaySet() {
    return false;
  }
}
