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
import java.util.List;

/** Writes {@link Frames} to an event stream as the bytes they were encoded to, nothing more. */
@Provider
@Produces(MediaType.SERVER_SENT_EVENTS)
public class FramesWriter implements MessageBodyWriter<Frames> {

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == Frames.class;
  }

  @Override
  public void writeTo(
      Frames frames,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, Object> headers,
      OutputStream out)
      throws IOException {
    write(frames.frames(), out);
  }

  /**
   * Jersey's event sink ends every event it writes with one LF of its own, so the last frame's
   * closing LF is left to it: the wire then carries exactly the frames' bytes.
   */
  static void write(List<EventFrame> frames, OutputStream out) throws IOException {
    int last = frames.size() - 1;
    for (int i = 0; i < last; i++) {
      out.write(frames.get(i).bytes());
    }
    byte[] bytes = frames.get(last).bytes();
    out.write(bytes, 0, bytes.length - 1);
  }
}
