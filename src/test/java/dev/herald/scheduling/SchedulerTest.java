package dev.herald.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.naming.NameNotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {

  private final Scheduler scheduler = new Scheduler();

  @BeforeEach
  void start() {
    configure(
        scheduler,
        name -> {
          throw new NameNotFoundException(name);
        });
    scheduler.start();
  }

  private static void configure(Scheduler scheduler, ServerExecutor.Jndi jndi) {
    scheduler.settings = new Settings(Map.<String, String>of()::get, Map.<String, String>of()::get);
    scheduler.jndi = jndi;
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

  @Test
  void withoutAManagedExecutorInJndiItRunsTasksOnItsOwnThreads() throws Exception {
    AtomicReference<String> ranOn = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    scheduler.after(
        0,
        () -> {
          ranOn.set(Thread.currentThread().getName());
          ran.countDown();
        });

    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(scheduler.usesServerExecutor()).isFalse();
    assertThat(ranOn.get()).startsWith("herald-scheduler-");
  }

  @Test
  void somethingElseUnderTheJndiNameIsNotUsed() {
    Scheduler other = new Scheduler();
    configure(other, name -> "not an executor");
    other.start();
    try {
      assertThat(other.usesServerExecutor()).isFalse();
    } finally {
      other.stop();
    }
  }

  @Test
  void usesTheServersManagedExecutorAndOnStopCancelsItsTasksButLeavesTheExecutorRunning()
      throws Exception {
    ScheduledThreadPoolExecutor server =
        new ScheduledThreadPoolExecutor(1, task -> new Thread(task, "server-managed"));
    List<String> lookedUp = new CopyOnWriteArrayList<>();
    Scheduler onServer = new Scheduler();
    configure(
        onServer,
        name -> {
          lookedUp.add(name);
          return server;
        });
    try {
      onServer.start();
      AtomicReference<String> ranOn = new AtomicReference<>();
      CountDownLatch ran = new CountDownLatch(2);
      ScheduledFuture<?> periodic =
          onServer.every(
              10,
              0,
              () -> {
                ranOn.set(Thread.currentThread().getName());
                ran.countDown();
              });
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();

      onServer.stop();

      assertThat(lookedUp).containsExactly("java:comp/DefaultManagedScheduledExecutorService");
      assertThat(onServer.usesServerExecutor()).isTrue();
      assertThat(ranOn.get()).isEqualTo("server-managed");
      assertThat(periodic.isCancelled()).as("Herald's task ends with Herald").isTrue();
      assertThat(server.isShutdown()).as("the server's executor is the server's").isFalse();
      assertThatThrownBy(() -> onServer.after(0, () -> {}))
          .isInstanceOf(RejectedExecutionException.class);
    } finally {
      server.shutdownNow();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
