package dev.herald.sse;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Jersey's {@code SseEventSink}, kept away from a request that the server has begun to end.
 *
 * <p>When a send fails because the client left, Tomcat ends and recycles the request on one of its
 * threads while Jersey, still in that send, closes and completes the response it holds; Tomcat
 * reuses those objects for the next connection, so the late calls landed on another client's
 * request (its headers, then nothing). Tomcat tells the request's listeners before it recycles: the
 * listener here waits for a send or close under way and closes the sink to every later one.
 */
public final class GuardedEventSink implements SseEventSink {

  private final SseEventSink sink;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean ended;

  private GuardedEventSink(SseEventSink sink) {
    this.sink = sink;
  }

  /** Call on the request thread of a JAX-RS method that streams to {@code sink}. */
  public static SseEventSink of(SseEventSink sink, HttpServletRequest request) {
    GuardedEventSink guarded = new GuardedEventSink(sink);
    // Jersey suspends a request before it calls an SSE method: no asynchronous context is a bug
    request.getAsyncContext().addListener(new RequestEndListener(guarded.lock, guarded::end));
    return guarded;
  }

  private void end() {
    ended = true;
  }

  @Override
  public boolean isClosed() {
    lock.lock();
    try {
      return ended || sink.isClosed();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public CompletionStage<?> send(OutboundSseEvent event) {
    lock.lock();
    try {
      if (ended) {
        return CompletableFuture.failedFuture(new IllegalStateException("The stream has ended"));
      }
      return sink.send(event);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!ended) {
        ended = true;
        sink.close();
      }
    } finally {
      lock.unlock();
    }
  }
}
