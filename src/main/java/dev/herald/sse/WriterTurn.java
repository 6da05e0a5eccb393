package dev.herald.sse;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The writer's turn that a non-blocking stream keeps after it said it is not ready, given back to
 * its listener exactly once: when the stream is writable again, or when it is to be ended. Call
 * {@link #giveBack} and {@link #ended} outside the stream's lock.
 */
public final class WriterTurn {

  private final AtomicBoolean kept = new AtomicBoolean();
  private volatile EventStream.Listener listener;

  public void listen(EventStream.Listener listener) {
    this.listener = listener;
  }

  /** The stream said it is not ready: the writer waits for {@link #giveBack}. */
  public void keep() {
    kept.set(true);
  }

  /** Hands the turn back to the writer if the stream kept it. */
  public void giveBack() {
    if (kept.compareAndSet(true, false)) {
      listener.writable();
    }
  }

  /** Tells the listener, if there is one yet, that the client has gone. */
  public void ended() {
    EventStream.Listener current = listener;
    if (current != null) {
      current.ended();
    }
  }
}
