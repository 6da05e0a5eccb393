package dev.herald.health.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.health.entity.Status;
import dev.herald.scheduling.Scheduler;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.Test;

class SchedulerCheckTest {

  private final SchedulerCheck check = new SchedulerCheck();

  @Test
  void upWhenTheSchedulerRunsATask() {
    check.scheduler = scheduler(Behaviour.RUNS);
    assertThat(check.status()).isEqualTo(Status.UP);
  }

  @Test
  void downWhenTheSchedulerHasStopped() {
    check.scheduler = scheduler(Behaviour.REJECTS);
    assertThat(check.status()).isEqualTo(Status.DOWN);
  }

  @Test
  void downWhenTheTaskDoesNotRunWithinTheTimeout() {
    check.scheduler = scheduler(Behaviour.STUCK);
    long start = System.nanoTime();
    assertThat(check.status()).isEqualTo(Status.DOWN);
    assertThat((System.nanoTime() - start) / 1_000_000)
        .isGreaterThanOrEqualTo(SchedulerCheck.TIMEOUT.toMillis());
  }

  private enum Behaviour {
    RUNS,
    REJECTS,
    STUCK
  }

  private static Scheduler scheduler(Behaviour behaviour) {
    return new Scheduler() {
      @Override
      public ScheduledFuture<?> after(long delayMillis, Runnable task) {
        switch (behaviour) {
          case RUNS -> task.run();
          case REJECTS -> throw new RejectedExecutionException("stopped");
          case STUCK -> {}
        }
        return null;
      }
    };
  }
}
