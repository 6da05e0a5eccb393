package dev.herald.sse;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.lang.reflect.Type;

/**
 * A frame the hub encoded once, sent through a JAX-RS {@code SseEventSink} as it is: {@link
 * FrameEventWriter} writes its bytes, so the sink neither re-serialises nor re-frames the event.
 */
public final class FrameEvent implements OutboundSseEvent {

  private final EventFrame frame;

  public FrameEvent(EventFrame frame) {
    this.frame = frame;
  }

  public EventFrame frame() {
    return frame;
  }

  @Override
  public Class<?> getType() {
    return EventFrame.class;
  }

  @Override
  public Type getGenericType() {
    return EventFrame.class;
  }

  @Override
  public MediaType getMediaType() {
    return MediaType.SERVER_SENT_EVENTS_TYPE;
  }

  @Override
  public Object getData() {
    return frame;
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
    return RECONNECT_NOT_SET;
  }

  @Override
  public boolean isReconnectDelaySet() {
    return false;
  }
}
