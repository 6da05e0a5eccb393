package dev.herald.chat.entity;

/** One message of a conversation; {@code text} is its content as plain text ("" when none). */
public record ChatMessage(String role, String text) {}
