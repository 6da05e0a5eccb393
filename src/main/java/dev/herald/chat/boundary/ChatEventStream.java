package dev.herald.chat.boundary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.chat.control.ChatStream;
import dev.herald.chat.entity.ChatError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.glassfish.jersey.server.ChunkedOutput;

/**
 * A streamed completion as OpenAI sends it: {@code data: <json>} events, comments as heartbeats,
 * {@code data: [DONE]} at the end. Written as whole event texts, since the same endpoint answers
 * plain JSON when the request asks for no stream, which an {@code SseEventSink} method cannot.
 */
final class ChatEventStream implements ChatStream {

  static final MediaType TYPE = new MediaType("text", "event-stream", "utf-8");

  private final ChunkedOutput<String> output = new ChunkedOutput<>(String.class, new byte[0]);
  private final ObjectMapper json;

  ChatEventStream(ObjectMapper json) {
    this.json = json;
  }

  Response response() {
    return Response.ok(output, TYPE).build();
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
    return write("data: " + chunk + "\n\n");
  }

  @Override
  public boolean heartbeat() {
    return write(":\n\n");
  }

  @Override
  public void done() {
    write("data: [DONE]\n\n");
    close();
  }

  @Override
  public void fail(ChatError error) {
    send(error);
    close();
  }

  @Override
  public boolean isOpen() {
    return !output.isClosed();
  }

  private boolean write(String event) {
    if (output.isClosed()) {
      return false;
    }
    try {
      output.write(event);
      return true;
    } catch (IOException | RuntimeException clientGone) {
      close();
      return false;
    }
  }

  private void close() {
    try {
      output.close();
    } catch (IOException alreadyGone) {
      // nothing left to tell a client that has left
    }
  }
}
