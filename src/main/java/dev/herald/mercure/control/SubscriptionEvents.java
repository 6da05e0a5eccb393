package dev.herald.mercure.control;

import dev.herald.mercure.entity.Subscription;
import dev.herald.scheduling.OwnedThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Publishes subscription updates on one thread of its own, in the order they were announced: a
 * stream ends on a writer or container thread, which must not wait for the log (Redis). Bounded:
 * when {@link #MAX_PENDING} announcements wait, the next ones are dropped and counted.
 */
final class SubscriptionEvents {

  static final int MAX_PENDING = 10_000;
  private static final Logger LOG = Logger.getLogger(SubscriptionEvents.class.getName());

  private final Consumer<Subscription> publish;
  private final OwnedThreads threads = new OwnedThreads("mercure-subscriptions");
  private final ThreadPoolExecutor executor;
  private final AtomicLong dropped = new AtomicLong();

  /** {@code publish} appends one subscription's update to the log. */
  SubscriptionEvents(Consumer<Subscription> publish, int maxPending) {
    this.publish = publish;
    this.executor =
        new ThreadPoolExecutor(
            1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(maxPending), threads);
  }

  void announce(List<Subscription> subscriptions) {
    try {
      executor.execute(() -> subscriptions.forEach(this::publishQuietly));
    } catch (RejectedExecutionException full) {
      long count = dropped.incrementAndGet();
      if (!executor.isShutdown() && count % 1000 == 1) {
        LOG.info(
            () ->
                "Subscription updates dropped: %d announcements wait to be published (%d dropped so far)"
                    .formatted(maxPending(), count));
      }
    }
  }

  private int maxPending() {
    return executor.getQueue().size() + executor.getQueue().remainingCapacity();
  }

  private void publishQuietly(Subscription subscription) {
    try {
      publish.accept(subscription);
    } catch (RuntimeException e) {
      // the log is unavailable or the hub is stopping: the update is lost, as a publish would be
      dropped.incrementAndGet();
      LOG.log(Level.FINE, "Could not publish a subscription update", e);
    }
  }

  long dropped() {
    return dropped.get();
  }

  /** Drops what still waits; an undeploy does not wait for the log. */
  void stop(Duration timeout) throws InterruptedException {
    executor.shutdownNow();
    executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    threads.joinAll(timeout);
  }
}
