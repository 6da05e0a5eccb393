package dev.herald.hub.entity;

/**
 * An event as its publisher gave it, validated and not yet in the log: {@code data} is its text on
 * the wire, {@code clientId} null lets the log number it. A private event reaches only subscribers
 * allowed to read its topic's private events.
 */
public record Draft(String topic, String type, String data, String clientId, boolean isPrivate) {}
