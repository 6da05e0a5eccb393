package dev.herald.chat.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** One {@code chat.completion.chunk} of a streamed answer, in OpenAI's shape. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "object", "created", "model", "choices", "usage"})
public record ChatCompletionChunk(
    String id, long created, String model, List<Choice> choices, Usage usage) {

  @JsonProperty("object")
  public String object() {
    return "chat.completion.chunk";
  }

  @JsonPropertyOrder({"index", "delta", "finish_reason"})
  public record Choice(
      int index,
      Delta delta,
      @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("finish_reason")
          String finishReason) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Delta(String role, String content) {}
}
