package dev.herald.hub.control;

import dev.herald.config.Settings;
import java.time.Duration;

/** How much history each topic keeps: at most {@code events}, none older than {@code age}. */
public record Retention(int events, Duration age, int maxTopics) {

  static final int DEFAULT_EVENTS = 1000;
  static final Duration DEFAULT_AGE = Duration.ofHours(1);
  static final int DEFAULT_MAX_TOPICS = 10_000;

  public static Retention of(Settings settings) {
    return new Retention(
        settings.number("hub.retention.events", DEFAULT_EVENTS, 1, 1_000_000),
        settings.millis(
            "hub.retention.age", DEFAULT_AGE, Duration.ofSeconds(1), Duration.ofDays(7)),
        settings.number("hub.max-topics", DEFAULT_MAX_TOPICS, 1, 1_000_000));
  }
}
