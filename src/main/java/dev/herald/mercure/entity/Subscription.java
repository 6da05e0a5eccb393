package dev.herald.mercure.entity;

/**
 * One topic selector of one Mercure subscriber, as the subscriptions API and the subscription
 * events describe it: {@code id} is the subscription's topic IRI under {@code
 * /.well-known/mercure/subscriptions}, {@code payload} the subscriber's {@code mercure.payload}
 * (null for none).
 */
public record Subscription(
    String id, String topic, String subscriber, boolean active, Object payload) {}
