package dev.herald.chat.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.chat.entity.ChatError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns what went wrong with the upstream into an error a client can act on. The upstream's own
 * words are kept where they are about the request; the API key is never repeated.
 */
final class UpstreamFailures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String key;
  private final long timeoutMillis;

  UpstreamFailures(String key, long timeoutMillis) {
    this.key = key;
    this.timeoutMillis = timeoutMillis;
  }

  ChatException from(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ChatException chat) {
      return chat;
    }
    if (cause instanceof HttpConnectTimeoutException) {
      return ChatException.upstreamTimeout(
          "The upstream did not accept a connection within %d ms.".formatted(timeoutMillis));
    }
    if (cause instanceof HttpTimeoutException) {
      return ChatException.upstreamTimeout(
          "The upstream did not start answering within %d ms.".formatted(timeoutMillis));
    }
    if (cause instanceof ConnectException) {
      return ChatException.upstream("The upstream refused the connection.");
    }
    if (cause instanceof IOException) {
      return ChatException.upstream("The connection to the upstream broke off.");
    }
    return ChatException.upstream("The upstream request failed.");
  }

  ChatException fromStatus(int status, String body) {
    if (status == 401 || status == 403) {
      return ChatException.upstream(
          "The upstream rejected Herald's API key (HTTP %d); check chat.upstream.key."
              .formatted(status));
    }
    JsonNode error = errorOf(body);
    String message = safe(error.path("message").asText(""));
    if (status >= 400 && status < 500) {
      return new ChatException(
          status,
          ChatError.of(
              message.isEmpty()
                  ? "The upstream refused the request (HTTP %d).".formatted(status)
                  : message,
              text(error.get("type"), "invalid_request_error"),
              text(error.get("param"), null),
              text(error.get("code"), null)));
    }
    return ChatException.upstream(
        "The upstream failed with HTTP %d%s"
            .formatted(status, message.isEmpty() ? "." : ": " + message));
  }

  ChatException malformedChunk() {
    return ChatException.upstream("The upstream sent a chunk that is not JSON.");
  }

  ChatException endedEarly() {
    return ChatException.upstream("The upstream ended the stream before [DONE].");
  }

  ChatException silent() {
    return ChatException.upstreamTimeout(
        "The upstream sent nothing for %d ms.".formatted(timeoutMillis));
  }

  private static JsonNode errorOf(String body) {
    try {
      return JSON.readTree(body).path("error");
    } catch (IOException | RuntimeException notJson) {
      return JSON.missingNode();
    }
  }

  private String safe(String text) {
    return key == null || key.isEmpty() ? text : text.replace(key, "***");
  }

  private String text(JsonNode node, String fallback) {
    return node == null || node.isNull() ? fallback : safe(node.asText());
  }
}
