package dev.herald.scheduling;

import dev.herald.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's timer, which runs every periodic task Herald has, so no stream ever holds a
 * thread of its own. It uses the server's managed scheduled executor where there is one (Payara)
 * and otherwise a small fixed pool of its own (Tomcat); callers cannot tell which. On undeploy it
 * cancels every task it scheduled and, if the pool is its own, ends the pool's threads. A server's
 * executor belongs to the server and is never shut down by Herald.
 */
@ApplicationScoped
public class Scheduler {

  static final int DEFAULT_THREADS = 2;
  private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

  @Inject Settings settings;
  ServerExecutor.Jndi jndi = ServerExecutor.initialContext();

  private final OwnedThreads threads = new OwnedThreads("scheduler");
  private final Set<ScheduledFuture<?>> scheduled = ConcurrentHashMap.newKeySet();
  private volatile int pruneAt = 64;
  private volatile boolean stopped;
  private ScheduledExecutorService executor;
  private ScheduledThreadPoolExecutor own;

  @PostConstruct
  void start() {
    int size = threads();
    Optional<ScheduledExecutorService> server = ServerExecutor.find(jndi);
    if (server.isPresent()) {
      executor = server.get();
    } else {
      own = new ScheduledThreadPoolExecutor(size, threads);
      // cancelled ticks of closed streams leave the queue at once instead of at their due time
      own.setRemoveOnCancelPolicy(true);
      own.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      executor = own;
    }
    LOG.fine(
        () ->
            "Scheduler runs on "
                + (usesServerExecutor() ? "the server's" : "its own")
                + " executor");
  }

  /** The size of Herald's own pool; on Payara the server's executor is sized by the server. */
  private int threads() {
    return settings.number("scheduler.threads", DEFAULT_THREADS, 1, 64);
  }

  /** True on a server that offers a managed scheduled executor (Payara), false on Tomcat. */
  public boolean usesServerExecutor() {
    return own == null;
  }

  public ScheduledFuture<?> every(long periodMillis, long initialDelayMillis, Runnable task) {
    checkRunning();
    return track(
        executor.scheduleAtFixedRate(
            task, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS));
  }

  /** Runs {@code task} now and then {@code delayMillis} after each run ends, never sooner. */
  public ScheduledFuture<?> paced(long delayMillis, Runnable task) {
    checkRunning();
    return track(executor.scheduleWithFixedDelay(task, 0, delayMillis, TimeUnit.MILLISECONDS));
  }

  public ScheduledFuture<?> after(long delayMillis, Runnable task) {
    checkRunning();
    return track(executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS));
  }

  /** Tasks scheduled here that have neither finished nor been cancelled. */
  public int pending() {
    scheduled.removeIf(Future::isDone);
    return scheduled.size();
  }

  private void checkRunning() {
    if (stopped) {
      throw new RejectedExecutionException("Herald's scheduler has stopped");
    }
  }

  private ScheduledFuture<?> track(ScheduledFuture<?> future) {
    scheduled.add(future);
    if (stopped) {
      future.cancel(true);
    }
    if (scheduled.size() > pruneAt) {
      scheduled.removeIf(Future::isDone);
      pruneAt = Math.max(64, 2 * scheduled.size());
    }
    return future;
  }

  @PreDestroy
  void stop() {
    stopped = true;
    scheduled.forEach(future -> future.cancel(true));
    scheduled.clear();
    if (own == null) {
      return;
    }
    own.shutdownNow();
    try {
      if (!own.awaitTermination(5, TimeUnit.SECONDS) || !threads.joinAll(Duration.ofSeconds(5))) {
        LOG.warning("Scheduler threads did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(Level.FINE, "Interrupted while stopping the scheduler", e);
    }
  }
}
