package dev.herald.hub.control;

import dev.herald.scheduling.OwnedThreads;
import dev.herald.sse.EventFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The few threads that write to every subscriber. A subscriber with frames waiting is queued once;
 * a writer takes what waits (up to a batch) and writes it with one write and one flush, then queues
 * the subscriber again behind the others if more is waiting. A stream that does not block and is
 * not ready keeps the subscriber's turn until it says it is writable again; a stream that blocks
 * blocks only the one writer that writes to it.
 */
final class Writers {

  static final int MAX_BATCH_FRAMES = 256;
  static final int MAX_BATCH_BYTES = 64 * 1024;
  static final long CLOSE_WAIT_MILLIS = 200;
  private static final Logger LOG = Logger.getLogger(Writers.class.getName());

  private final OwnedThreads threads = new OwnedThreads("hub-writer");
  private final ThreadPoolExecutor executor;
  private final Consumer<Subscriber> onFailure;
  private final Consumer<Integer> onDelivered;

  Writers(
      int count,
      int maxSubscribers,
      Consumer<Subscriber> onFailure,
      Consumer<Integer> onDelivered) {
    // each subscriber is queued at most once, so the queue never holds more than there are
    this.executor =
        new ThreadPoolExecutor(
            count,
            count,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(maxSubscribers + 1),
            threads);
    this.onFailure = onFailure;
    this.onDelivered = onDelivered;
  }

  void schedule(Subscriber subscriber) {
    if (subscriber.claim()) {
      submit(subscriber);
    } else if (subscriber.isClosing()) {
      subscriber.stream().stopWaiting();
    }
  }

  /** The subscriber's stream is writable again: it goes on with the turn it kept. */
  void resume(Subscriber subscriber) {
    submit(subscriber);
  }

  private void submit(Subscriber subscriber) {
    try {
      executor.execute(() -> run(subscriber));
    } catch (RejectedExecutionException stopping) {
      LOG.log(Level.FINE, "Writers stopped; a subscriber is left to close on stop", stopping);
    }
  }

  private void run(Subscriber subscriber) {
    if (subscriber.isClosing()) {
      closeQuietly(subscriber);
      return;
    }
    if (!subscriber.stream().ready()) {
      // closed meanwhile: schedule's stopWaiting may have come before the stream began to wait
      if (subscriber.isClosing()) {
        subscriber.stream().stopWaiting();
      }
      return;
    }
    List<EventFrame> batch = subscriber.take(MAX_BATCH_FRAMES, MAX_BATCH_BYTES);
    if (!batch.isEmpty() && !write(subscriber, batch)) {
      subscriber.close();
      onFailure.accept(subscriber);
      closeQuietly(subscriber);
      return;
    }
    if (subscriber.release()) {
      submit(subscriber);
    }
  }

  /**
   * Writes the retry hint on the calling request thread, which commits the response, then hands the
   * subscriber to the writers. Jersey lets the thread that first writes to a sink commit its
   * response; a writer thread doing that while the request thread is still in the resource method
   * raced it, and Jersey logged every client that left during that first write as a server error.
   */
  void start(Subscriber subscriber, EventFrame first) {
    if (!write(subscriber, List.of(first))) {
      subscriber.close();
      onFailure.accept(subscriber);
      closeQuietly(subscriber);
      return;
    }
    subscriber.start();
    schedule(subscriber);
  }

  private boolean write(Subscriber subscriber, List<EventFrame> batch) {
    if (!subscriber.stream().write(batch)) {
      return false;
    }
    subscriber.written();
    int events = 0;
    for (EventFrame frame : batch) {
      if (frame.isEvent()) {
        events++;
      }
    }
    onDelivered.accept(events);
    return true;
  }

  static void closeQuietly(Subscriber subscriber) {
    subscriber.stream().close(CLOSE_WAIT_MILLIS);
  }

  /** Stops the writers and waits until their threads have ended. */
  void stop(Duration timeout) throws InterruptedException {
    executor.shutdownNow();
    if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)
        || !threads.joinAll(timeout)) {
      LOG.warning("Hub writer threads did not stop within " + timeout);
    }
  }
}
