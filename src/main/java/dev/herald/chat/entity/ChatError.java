package dev.herald.chat.entity;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OpenAI's error object: {@code {"error":{"message","type","param","code"}}}. */
public record ChatError(Detail error) {

  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Detail(String message, String type, String param, String code) {}

  public static ChatError of(String message, String type, String param, String code) {
    return new ChatError(new Detail(message, type, param, code));
  }

  /** The error for an HTTP status that Herald, not a model, answered (404, 406, 415 ...). */
  public static ChatError forStatus(int status, String message, String param) {
    String type = status >= 500 ? "server_error" : "invalid_request_error";
    return of(message, type, param, code(status));
  }

  private static String code(int status) {
    return switch (status) {
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 406 -> "not_acceptable";
      case 413 -> "request_too_large";
      case 415 -> "unsupported_media_type";
      default -> status >= 500 ? "server_error" : "invalid_request";
    };
  }
}
