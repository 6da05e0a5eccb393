package dev.herald.feeds.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeedRunTest {

  // like the Scheduler's own pool on Tomcat: two threads, periodic tasks at a fixed rate
  private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2);
  private final Logger log = Logger.getLogger(FeedRun.class.getName());
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.INFO.intValue()) {
            logged.add(record);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void start() {
    log.addHandler(capture);
  }

  @AfterEach
  void stop() {
    log.removeHandler(capture);
    scheduler.shutdownNow();
  }

  @Test
  void aFeedThatFailsIsLoggedOnceAndKeepsItsSchedule() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch published = new CountDownLatch(3);
    Feed failingTwice =
        feed(
            "flaky",
            () -> {
              if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("sensor unavailable");
              }
              return calls.get();
            });

    every(20, new FeedRun(failingTwice, sample -> published.countDown()));

    assertThat(published.await(5, TimeUnit.SECONDS)).as("runs on after failures").isTrue();
    assertThat(logged)
        .extracting(LogRecord::getLevel)
        .as("one warning for the streak, one note when it works again")
        .containsExactly(Level.WARNING, Level.INFO);
  }

  @Test
  void aSlowFeedDoesNotDelayAnother() throws Exception {
    List<Long> fastRuns = new ArrayList<>();
    CountDownLatch slowStarted = new CountDownLatch(1);
    Feed slow =
        feed(
            "slow",
            () -> {
              slowStarted.countDown();
              sleep(Duration.ofSeconds(2));
              return 0;
            });
    CountDownLatch tenFast = new CountDownLatch(10);
    Feed fast = feed("fast", () -> 1);

    every(50, new FeedRun(slow, sample -> {}));
    assertThat(slowStarted.await(2, TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    every(
        50,
        new FeedRun(
            fast,
            sample -> {
              fastRuns.add(System.nanoTime());
              tenFast.countDown();
            }));

    assertThat(tenFast.await(1900, TimeUnit.MILLISECONDS))
        .as("ten runs of the fast feed while the slow one is still busy")
        .isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(fastRuns.get(0) - start)).isLessThan(500);
  }

  private void every(long millis, Runnable task) {
    scheduler.scheduleAtFixedRate(task, 0, millis, TimeUnit.MILLISECONDS);
  }

  private static Feed feed(String topic, java.util.function.Supplier<Object> sample) {
    return new Feed() {
      @Override
      public String topic() {
        return topic;
      }

      @Override
      public Duration defaultInterval() {
        return Duration.ofMillis(20);
      }

      @Override
      public Object sample() {
        return sample.get();
      }
    };
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
