package dev.herald.sse;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Writes a {@link FrameEvent} to a Jersey sink as the frame's bytes. Jersey picks a chunk's writer
 * by the chunk's class, so its own event writer (which would prefix every line with {@code data:})
 * never sees one.
 */
@Provider
@Produces(MediaType.SERVER_SENT_EVENTS)
public class FrameEventWriter implements MessageBodyWriter<FrameEvent> {

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return FrameEvent.class.isAssignableFrom(type);
  }

  @Override
  public void writeTo(
      FrameEvent event,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, Object> headers,
      OutputStream out)
      throws IOException {
    byte[] bytes = event.frame().bytes();
    // Jersey's sink ends every chunk with a line feed of its own: that one ends the blank line
    out.write(bytes, 0, bytes.length - 1);
  }
}
