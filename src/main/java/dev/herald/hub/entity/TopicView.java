package dev.herald.hub.entity;

/** What {@code GET /api/topics} tells about a topic; {@code lastEventId} is null before any. */
public record TopicView(String name, int subscribers, String lastEventId, int retained) {}
