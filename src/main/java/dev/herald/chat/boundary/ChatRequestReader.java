package dev.herald.chat.boundary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.chat.control.ChatException;
import dev.herald.chat.entity.ChatMessage;
import dev.herald.chat.entity.ChatRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads OpenAI's chat-completion request and rejects what no model could answer, naming the field.
 * Fields it does not know stay in the body and reach the upstream unchanged.
 */
final class ChatRequestReader {

  static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool");

  private final ObjectMapper json;

  ChatRequestReader(ObjectMapper json) {
    this.json = json;
  }

  ChatRequest read(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      throw ChatException.invalid(null, "The request body is not valid JSON.");
    }
    if (root == null || !root.isObject()) {
      throw ChatException.invalid(null, "The request body must be a JSON object.");
    }
    JsonNode model = root.get("model");
    if (model == null || !model.isTextual() || model.asText().isBlank()) {
      throw ChatException.invalid("model", "`model` must be the name of a model, as a string.");
    }
    return new ChatRequest(
        model.asText(),
        messages(root.get("messages")),
        flag(root, "stream", "stream"),
        flag(root.path("stream_options"), "include_usage", "stream_options.include_usage"),
        maxTokens(root),
        body);
  }

  private static List<ChatMessage> messages(JsonNode messages) {
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw ChatException.invalid(
          "messages", "`messages` must be a non-empty array of {role, content} objects.");
    }
    List<ChatMessage> read = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String at = "messages[" + i + "]";
      if (!message.isObject()) {
        throw ChatException.invalid(at, "`%s` must be an object.".formatted(at));
      }
      JsonNode role = message.get("role");
      if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
        throw ChatException.invalid(
            at + ".role",
            "`%s.role` must be one of system, developer, user, assistant, tool.".formatted(at));
      }
      read.add(new ChatMessage(role.asText(), text(message.get("content"), at + ".content")));
    }
    return read;
  }

  /** Content is a string, null (an assistant's tool call) or an array of parts. */
  private static String text(JsonNode content, String at) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (!part.isObject() || !part.path("type").isTextual()) {
          throw ChatException.invalid(at, "Each part of `%s` needs a `type`.".formatted(at));
        }
        if (part.path("text").isTextual()) {
          text.append(part.get("text").asText());
        }
      }
      return text.toString();
    }
    throw ChatException.invalid(at, "`%s` must be a string or an array of parts.".formatted(at));
  }

  private static boolean flag(JsonNode parent, String field, String name) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw ChatException.invalid(name, "`%s` must be true or false.".formatted(name));
    }
    return value.asBoolean();
  }

  private static Integer maxTokens(JsonNode root) {
    Integer limit = null;
    for (String field : List.of("max_tokens", "max_completion_tokens")) {
      JsonNode value = root.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
        throw ChatException.invalid(
            field, "`%s` must be a whole number of at least 1.".formatted(field));
      }
      limit = limit == null ? value.asInt() : Math.min(limit, value.asInt());
    }
    return limit;
  }
}
