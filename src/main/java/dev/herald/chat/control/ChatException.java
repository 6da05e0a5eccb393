package dev.herald.chat.control;

import dev.herald.chat.entity.ChatError;

/**
 * Ends a chat request with an error in OpenAI's shape, so OpenAI's client libraries raise their
 * usual error types. Thrown before any state changes or, once streaming, sent as an error event.
 */
public class ChatException extends RuntimeException {

  private final int status;
  private final transient ChatError error;

  public ChatException(int status, ChatError error) {
    super(error.error().message(), null, false, false);
    this.status = status;
    this.error = error;
  }

  public int status() {
    return status;
  }

  public ChatError error() {
    return error;
  }

  public static ChatException invalid(String param, String message) {
    return invalid(param, message, null);
  }

  public static ChatException invalid(String param, String message, String code) {
    return new ChatException(400, ChatError.of(message, "invalid_request_error", param, code));
  }

  public static ChatException upstream(String message) {
    return new ChatException(502, ChatError.of(message, "upstream_error", null, "bad_gateway"));
  }

  public static ChatException upstreamTimeout(String message) {
    return new ChatException(
        504, ChatError.of(message, "upstream_error", null, "upstream_timeout"));
  }
}
