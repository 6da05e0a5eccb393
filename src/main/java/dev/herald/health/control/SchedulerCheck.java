package dev.herald.health.control;

import dev.herald.health.entity.Probe;
import dev.herald.health.entity.Status;
import dev.herald.scheduling.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * UP when the scheduler runs a task within a second: every tick and heartbeat depends on it, and a
 * scheduler that has stopped or whose threads are all stuck needs a restart.
 */
@ApplicationScoped
public class SchedulerCheck implements HealthCheck {

  static final Duration TIMEOUT = Duration.ofSeconds(1);

  @Inject Scheduler scheduler;

  @Override
  public String name() {
    return "scheduler";
  }

  @Override
  public Set<Probe> probes() {
    return EnumSet.allOf(Probe.class);
  }

  @Override
  public Status status() {
    CountDownLatch ran = new CountDownLatch(1);
    try {
      scheduler.after(0, ran::countDown);
      return ran.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) ? Status.UP : Status.DOWN;
    } catch (RejectedExecutionException e) {
      return Status.DOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Status.DOWN;
    }
  }
}
