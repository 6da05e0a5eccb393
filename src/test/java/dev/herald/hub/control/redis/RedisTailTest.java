package dev.herald.hub.control.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.config.Settings;
import dev.herald.hub.control.EventLog;
import dev.herald.hub.control.Retention;
import dev.herald.hub.entity.Draft;
import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.EventIds.Position;
import dev.herald.testing.RedisServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tail of two nodes on a real redis-server, under a steady stream of appends. */
class RedisTailTest {

  private static final int RATE = 100;

  private RedisServer redis;
  private RedisEventLog one;
  private RedisEventLog two;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start();
    one = open("one");
    two = open("two");
  }

  private RedisEventLog open(String node) {
    Settings settings = new Settings(name -> null, name -> null);
    return RedisEventLog.open(
        RedisSettings.of(settings, redis.url()),
        new Retention(100, Duration.ofHours(1), 100),
        node);
  }

  @AfterEach
  void stop() throws Exception {
    one.close();
    two.close();
    redis.close();
  }

  @Test
  void anEventAppendedOnOneNodeReachesTheOthersTailWithoutWaitingForTheBlockTimeout()
      throws Exception {
    Arrivals onTwo = tail(two);
    Map<Long, Long> appendedAt = appendSteadily(200);
    long[] millis = onTwo.awaitAll(appendedAt);
    // a tail that saw new entries only when its blocking read timed out would take half of
    // BLOCK on the median; some slack for a busy machine
    assertThat(percentile(millis, 50))
        .as("median ms from append to the other node's tail, of %s", Arrays.toString(millis))
        .isLessThan(RedisTail.BLOCK.toMillis() / 4);
    assertThat(percentile(millis, 95)).isLessThan(RedisTail.BLOCK.toMillis() * 6 / 10);
  }

  @Test
  void theTailAsksForThisNodesSubscriberCountsOnlyWhenItReportsThem() throws Exception {
    Arrivals onOne = tail(one);
    long started = System.nanoTime();
    onOne.awaitAll(appendSteadily(100));
    long elapsed = System.nanoTime() - started;
    // counting takes the hub's lock and walks every topic: once a report, not once a read
    long reports = elapsed / Duration.ofMillis(Presence.EVERY_MILLIS).toNanos() + 1;
    assertThat(onOne.countsAsked.get()).isLessThanOrEqualTo((int) reports + 1);
  }

  @Test
  void everyNodeSumsTheSubscriberCountsOfEveryNode() throws Exception {
    tail(one);
    tail(two);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!two.subscribersEverywhere().equals(Map.of("t0", 2))) {
      assertThat(System.nanoTime()).as("both nodes' counts within 15 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    one.close();
    // a node that leaves takes its counts along
    while (!two.subscribersEverywhere().equals(Map.of("t0", 1))) {
      assertThat(System.nanoTime()).as("one node's counts within 15 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private Arrivals tail(EventLog log) throws InterruptedException {
    Arrivals arrivals = new Arrivals();
    log.tail(arrivals);
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!log.live()) {
      assertThat(System.nanoTime()).as("the tail is up within 15 s").isLessThan(deadline);
      Thread.sleep(10);
    }
    return arrivals;
  }

  /** Appends {@code count} events on node one at {@link #RATE}/s; when each append returned. */
  private Map<Long, Long> appendSteadily(int count) {
    Map<Long, Long> appendedAt = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      LockSupport.parkNanos(start + i * 1_000_000_000L / RATE - System.nanoTime());
      Event event = one.append(new Draft("t" + i % 4, "message", "{}", null, false));
      appendedAt.put(event.seq(), System.nanoTime());
    }
    return appendedAt;
  }

  private static long percentile(long[] sorted, int percent) {
    return sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
  }

  /** When the tail told each event, and how often it asked for the subscriber counts. */
  private static final class Arrivals implements EventLog.Listener {
    final Map<Long, Long> at = new ConcurrentHashMap<>();
    final AtomicInteger countsAsked = new AtomicInteger();

    /** Milliseconds from each append's return to the tail's telling, sorted. */
    long[] awaitAll(Map<Long, Long> appendedAt) throws InterruptedException {
      long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (!at.keySet().containsAll(appendedAt.keySet())) {
        assertThat(System.nanoTime()).as("the tail tells every event").isLessThan(deadline);
        Thread.sleep(10);
      }
      return appendedAt.entrySet().stream()
          .mapToLong(e -> Math.max(0, at.get(e.getKey()) - e.getValue()) / 1_000_000)
          .sorted()
          .toArray();
    }

    @Override
    public void appended(List<Event> events) {
      long now = System.nanoTime();
      events.forEach(event -> at.put(event.seq(), now));
    }

    @Override
    public void lost(Position head) {}

    @Override
    public Map<String, Integer> subscribers() {
      countsAsked.incrementAndGet();
      return Map.of("t0", 1);
    }
  }
}
