package dev.herald.scheduling;

import dev.herald.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's timer: a small fixed pool of threads that runs every periodic task Herald has,
 * so no stream ever holds a thread of its own. Shut down on undeploy.
 */
@ApplicationScoped
public class Scheduler {

  static final int DEFAULT_THREADS = 2;
  private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

  @Inject Settings settings;

  private final OwnedThreads threads = new OwnedThreads("scheduler");
  private ScheduledThreadPoolExecutor executor;

  @PostConstruct
  void start() {
    int threads = settings.number("scheduler.threads", DEFAULT_THREADS, 1, 64);
    executor = new ScheduledThreadPoolExecutor(threads, this.threads);
    // cancelled ticks of closed streams leave the queue at once instead of at their due time
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  public ScheduledFuture<?> every(long periodMillis, long initialDelayMillis, Runnable task) {
    return executor.scheduleAtFixedRate(
        task, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code task} now and then {@code delayMillis} after each run ends, never sooner. */
  public ScheduledFuture<?> paced(long delayMillis, Runnable task) {
    return executor.scheduleWithFixedDelay(task, 0, delayMillis, TimeUnit.MILLISECONDS);
  }

  public ScheduledFuture<?> after(long delayMillis, Runnable task) {
    return executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
  }

  public int pending() {
    return executor.getQueue().size();
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)
          || !threads.joinAll(Duration.ofSeconds(5))) {
        LOG.warning("Scheduler threads did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(Level.FINE, "Interrupted while stopping the scheduler", e);
    }
  }
}
