package dev.herald.chat.entity;

import com.fasterxml.jackson.annotation.JsonInclude;

/** OpenAI's error object: {@code {"error":{"message","type","param","code"}}}. */
public record ChatError(Detail error) {

  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Detail(String message, String type, String param, String code) {}

  public static ChatError of(String message, String type, String param, String code) {
    return new ChatError(new Detail(message, type, param, code));
  }
}
