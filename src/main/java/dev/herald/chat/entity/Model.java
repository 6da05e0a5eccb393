package dev.herald.chat.entity;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One entry of {@code GET /api/models}, in OpenAI's shape. */
@JsonPropertyOrder({"id", "object", "created", "owned_by"})
public record Model(String id, long created, @JsonProperty("owned_by") String ownedBy) {

  @JsonProperty("object")
  public String object() {
    return "model";
  }
}
