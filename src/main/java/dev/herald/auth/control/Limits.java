package dev.herald.auth.control;

import dev.herald.auth.entity.Caller;
import dev.herald.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Abuse limits: open streams per client address, publishes per second and chat requests per minute
 * per token (per address for a caller without one, which only loopback callers can be). Memory is
 * bounded: the counters forget the least recently seen keys beyond {@link #MAX_KEYS}, and stream
 * counts exist only for addresses with open streams.
 */
@ApplicationScoped
public class Limits {

  static final int DEFAULT_STREAMS_PER_ADDRESS = 200;
  static final int DEFAULT_PUBLISHES_PER_SECOND = 200;
  static final int DEFAULT_CHAT_PER_MINUTE = 30;
  static final int MAX_KEYS = 10_000;

  @Inject Settings settings;

  private int streamsPerAddress;
  private int publishesPerSecond;
  private int chatPerMinute;
  private int loopbackPublishesPerSecond;
  private WindowCounter publishes;
  private WindowCounter loopbackPublishes;
  private WindowCounter chats;
  private final Map<String, Integer> streams = new ConcurrentHashMap<>();

  @PostConstruct
  void configure() {
    streamsPerAddress =
        settings.number("limits.streams-per-address", DEFAULT_STREAMS_PER_ADDRESS, 1, 1_000_000);
    publishesPerSecond =
        settings.number("limits.publishes-per-second", DEFAULT_PUBLISHES_PER_SECOND, 1, 1_000_000);
    loopbackPublishesPerSecond =
        settings.number("limits.loopback-publishes-per-second", publishesPerSecond, 1, 1_000_000);
    chatPerMinute = settings.number("limits.chat-per-minute", DEFAULT_CHAT_PER_MINUTE, 1, 100_000);
    publishes = new WindowCounter(publishesPerSecond, 1000, MAX_KEYS);
    loopbackPublishes = new WindowCounter(loopbackPublishesPerSecond, 1000, MAX_KEYS);
    chats = new WindowCounter(chatPerMinute, 60_000, MAX_KEYS);
  }

  /**
   * A caller without a token (trusted on loopback) counts by address against {@code
   * limits.loopback-publishes-per-second}, which is {@code limits.publishes-per-second} unless set:
   * the server's own scripts and feeds may need more than a token holder.
   */
  public void publish(Caller caller) {
    boolean byAddress = caller.anonymous();
    int limit = byAddress ? loopbackPublishesPerSecond : publishesPerSecond;
    long wait =
        (byAddress ? loopbackPublishes : publishes)
            .acquire(caller.limitKey(), System.currentTimeMillis());
    if (wait > 0) {
      throw Refusal.tooMany(
              "More than %d publishes in a second (%s)."
                  .formatted(
                      limit,
                      byAddress
                          ? "limits.loopback-publishes-per-second"
                          : "limits.publishes-per-second"),
              seconds(wait))
          .with("limit", limit);
    }
  }

  public void chat(Caller caller) {
    long wait = chats.acquire(caller.limitKey(), System.currentTimeMillis());
    if (wait > 0) {
      throw Refusal.tooMany(
              "More than %d chat requests in a minute (limits.chat-per-minute)."
                  .formatted(chatPerMinute),
              seconds(wait))
          .with("limit", chatPerMinute);
    }
  }

  /** Counts a stream about to open; run the answer once it has ended (more runs do nothing). */
  public Runnable openStream(Caller caller) {
    String address = caller.address();
    boolean[] admitted = {false};
    streams.compute(
        address,
        (key, open) -> {
          int count = open == null ? 0 : open;
          if (count >= streamsPerAddress) {
            return open;
          }
          admitted[0] = true;
          return count + 1;
        });
    if (!admitted[0]) {
      throw Refusal.tooMany(
              "This address has %d streams open (limits.streams-per-address)."
                  .formatted(streamsPerAddress),
              1)
          .with("limit", streamsPerAddress);
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        streams.computeIfPresent(address, (key, open) -> open <= 1 ? null : open - 1);
      }
    };
  }

  int openStreams(String address) {
    return streams.getOrDefault(address, 0);
  }

  private static long seconds(long millis) {
    return (millis + 999) / 1000;
  }
}
