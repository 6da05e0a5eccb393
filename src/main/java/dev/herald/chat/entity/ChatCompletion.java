package dev.herald.chat.entity;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** A whole {@code chat.completion}: the answer to a request with {@code stream: false}. */
@JsonPropertyOrder({"id", "object", "created", "model", "choices", "usage"})
public record ChatCompletion(
    String id, long created, String model, List<Choice> choices, Usage usage) {

  @JsonProperty("object")
  public String object() {
    return "chat.completion";
  }

  @JsonPropertyOrder({"index", "message", "finish_reason"})
  public record Choice(
      int index, Message message, @JsonProperty("finish_reason") String finishReason) {}

  public record Message(String role, String content) {}
}
