package dev.herald.chat.boundary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.chat.control.ChatStream;
import dev.herald.chat.entity.ChatError;
import dev.herald.sse.AsyncEventStream;
import dev.herald.sse.EventFrame;
import dev.herald.sse.EventStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A streamed completion as OpenAI sends it: {@code data: <json>} events, comments as heartbeats,
 * {@code data: [DONE]} at the end. Written through an {@link AsyncEventStream}, as the hub's
 * streams are on Payara, since the endpoint answers plain JSON when the request asks for no stream,
 * which an {@code SseEventSink} method cannot, and Jersey's {@code ChunkedOutput} touched responses
 * Tomcat had recycled.
 */
final class ChatEventStream implements ChatStream {

  private static final EventFrame HEARTBEAT = EventFrame.comment("heartbeat");
  private static final EventFrame DONE = EventFrame.event(null, "message", "[DONE]");
  private static final long CLOSE_WAIT_MILLIS = 1000;

  private final AsyncEventStream stream;
  private final ObjectMapper json;
  private final AtomicReference<Runnable> waiting = new AtomicReference<>();
  private volatile boolean open = true;

  ChatEventStream(AsyncEventStream stream, ObjectMapper json) {
    this.stream = stream;
    this.json = json;
    stream.listen(
        new EventStream.Listener() {
          @Override
          public void writable() {
            proceed();
          }

          @Override
          public void ended() {
            open = false;
            proceed();
          }
        });
  }

  @Override
  public void whenWritable(Runnable next) {
    // set before asking: the server may say it is writable again as soon as we have asked
    waiting.set(next);
    if (!open || stream.ready()) {
      proceed();
    }
  }

  private void proceed() {
    Runnable next = waiting.getAndSet(null);
    if (next != null) {
      next.run();
    }
  }

  @Override
  public boolean send(Object chunk) {
    try {
      return sendJson(json.writeValueAsString(chunk));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean sendJson(String chunk) {
    return write(EventFrame.event(null, "message", chunk));
  }

  @Override
  public boolean heartbeat() {
    return write(HEARTBEAT);
  }

  @Override
  public void done() {
    write(DONE);
    close();
  }

  @Override
  public void fail(ChatError error) {
    send(error);
    close();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  private boolean write(EventFrame frame) {
    if (!open) {
      return false;
    }
    if (!stream.write(List.of(frame))) {
      open = false;
      return false;
    }
    return true;
  }

  private void close() {
    open = false;
    stream.close(CLOSE_WAIT_MILLIS);
  }
}
