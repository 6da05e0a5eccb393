package dev.herald.auth.entity;

import java.time.Instant;
import java.util.List;

/**
 * What a verified token allows, from its Mercure claims: the topic selectors it may publish to and
 * read private events of, whether it may chat, Mercure's {@code payload} (kept for the Mercure
 * endpoint), when it expires (null: never), and a key that names the token for limits.
 */
public record Grant(
    String key,
    List<String> publish,
    List<String> subscribe,
    boolean chat,
    Object payload,
    Instant expiresAt) {}
