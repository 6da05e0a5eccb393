package dev.herald.sse;

import jakarta.ws.rs.sse.SseEventSink;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The hub's stream over a JAX-RS {@code SseEventSink}, for a sink registered where its servlet
 * request is out of reach (off the request thread). Each batch is sent as its frames' bytes ({@link
 * FrameEvent}); a sink's send may complete later, so at most one batch is in flight: until it has
 * completed the stream is not ready and the subscriber's frames wait in the hub, bounded by its
 * backlog, so a sink that does not keep up is dropped as any slow stream is.
 *
 * <p>Jersey's own sink completes a send only after it wrote it, blocking: a client that stops
 * reading holds the writer in that write until the server's write timeout. That is why a sink
 * registered on its request thread gets Herald's non-blocking stream instead.
 */
public final class SinkEventStream implements EventStream {

  private static final Logger LOG = Logger.getLogger(SinkEventStream.class.getName());
  private static final CompletableFuture<Void> NOTHING = CompletableFuture.completedFuture(null);

  private final SseEventSink sink;
  private final ReentrantLock lock = new ReentrantLock();
  private final WriterTurn turn = new WriterTurn();
  private CompletableFuture<?> inFlight = NOTHING;
  private volatile Throwable failure;
  private boolean closed;

  public SinkEventStream(SseEventSink sink) {
    this.sink = sink;
  }

  @Override
  public void listen(Listener listener) {
    turn.listen(listener);
  }

  @Override
  public boolean write(List<EventFrame> frames) {
    CompletableFuture<?> sent;
    lock.lock();
    try {
      if (closed || sink.isClosed()) {
        closed = true;
        return false;
      }
      CompletableFuture<?>[] sends = new CompletableFuture<?>[frames.size()];
      for (int i = 0; i < sends.length; i++) {
        sends[i] = sink.send(new FrameEvent(frames.get(i))).toCompletableFuture();
      }
      sent = CompletableFuture.allOf(sends);
      inFlight = sent;
    } catch (RuntimeException gone) {
      // a sink that its server closed refuses sends (IllegalStateException)
      failed(gone);
      return false;
    } finally {
      lock.unlock();
    }
    if (sent.isDone()) {
      Throwable cause = causeOf(sent);
      if (cause != null) {
        failed(cause);
        return false;
      }
      return true;
    }
    sent.whenComplete((done, cause) -> settled(cause));
    return true;
  }

  private void settled(Throwable cause) {
    if (cause == null) {
      turn.giveBack();
      return;
    }
    failed(
        cause instanceof CompletionException && cause.getCause() != null
            ? cause.getCause()
            : cause);
    turn.ended();
  }

  private void failed(Throwable cause) {
    LOG.log(Level.FINEST, "A client has gone", cause);
    lock.lock();
    try {
      failure = cause;
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  private static Throwable causeOf(CompletableFuture<?> sent) {
    try {
      sent.join();
      return null;
    } catch (RuntimeException e) {
      return e.getCause() == null ? e : e.getCause();
    }
  }

  /** Not ready while a batch is in flight; the turn comes back when it completes. */
  @Override
  public boolean ready() {
    CompletableFuture<?> pending;
    lock.lock();
    try {
      if (closed) {
        return true;
      }
      pending = inFlight;
    } finally {
      lock.unlock();
    }
    if (pending.isDone()) {
      return true;
    }
    turn.keep();
    if (pending.isDone()) {
      // it completed between the look and the keep, and its giveBack found no turn kept
      turn.giveBack();
    }
    return false;
  }

  @Override
  public void stopWaiting() {
    turn.giveBack();
  }

  /** Why the last send failed, or null. */
  public Throwable failure() {
    return failure;
  }

  /** Closes the sink, unless a send is under way for longer than {@code waitMillis}. */
  @Override
  public void close(long waitMillis) {
    try {
      if (!lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      if (closed) {
        // a sink whose send failed was ended by its server; touching it again could reach the
        // next request on the same recycled objects
        return;
      }
      closed = true;
      sink.close();
    } catch (RuntimeException gone) {
      LOG.log(Level.FINEST, "The sink had already ended", gone);
    } finally {
      lock.unlock();
    }
  }
}
