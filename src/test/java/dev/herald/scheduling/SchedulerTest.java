package dev.herald.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {

  private final Scheduler scheduler = new Scheduler();

  @BeforeEach
  void start() {
    scheduler.settings = new Settings(Map.<String, String>of()::get, Map.<String, String>of()::get);
    scheduler.start();
  }

  @AfterEach
  void stop() {
    scheduler.stop();
  }

  @Test
  void aPacedTaskNeverRunsSoonerThanItsDelayAfterALateRun() throws Exception {
    List<Long> starts = new CopyOnWriteArrayList<>();
    List<Long> ends = new CopyOnWriteArrayList<>();
    CountDownLatch three = new CountDownLatch(3);
    scheduler.paced(
        100,
        () -> {
          starts.add(System.nanoTime());
          if (starts.size() == 1) {
            sleep(300); // the first run is late to finish, as on a cold JVM
          }
          ends.add(System.nanoTime());
          three.countDown();
        });

    assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(starts.get(1) - ends.get(0)))
        .as("no catch-up burst after the late run")
        .isGreaterThanOrEqualTo(95);
  }

  @Test
  void stoppingEndsEverySchedulerThread() throws Exception {
    CountDownLatch ran = new CountDownLatch(2);
    scheduler.every(10, 0, ran::countDown);
    scheduler.after(0, ran::countDown);
    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();

    scheduler.stop();

    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(thread -> thread.getName().startsWith("herald-scheduler-"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
