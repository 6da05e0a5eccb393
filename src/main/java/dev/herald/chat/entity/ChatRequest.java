package dev.herald.chat.entity;

import java.util.List;

/**
 * A validated chat-completion request. {@code body} is the request exactly as the client sent it,
 * so a relay passes every field on unchanged, including ones Herald does not know.
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    boolean stream,
    boolean includeUsage,
    Integer maxTokens,
    byte[] body) {

  /** The text of the last message from the user, or "" when there is none. */
  public String lastUserText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if ("user".equals(messages.get(i).role())) {
        return messages.get(i).text();
      }
    }
    return "";
  }
}
