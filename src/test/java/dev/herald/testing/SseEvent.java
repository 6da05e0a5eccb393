package dev.herald.testing;

/** One event as a WHATWG EventSource would dispatch it, plus when it arrived. */
public record SseEvent(String id, String type, String data, Long retry, long arrivedNanos) {}
