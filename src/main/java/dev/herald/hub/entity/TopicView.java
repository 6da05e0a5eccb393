package dev.herald.hub.entity;

/**
 * What {@code GET /api/topics} tells about a topic: subscribers on every node (this node's among
 * them), the last event's id (null before any) and how many events are retained.
 */
public record TopicView(
    String name, int subscribers, int nodeSubscribers, String lastEventId, int retained) {}
