package dev.herald.broadcast.boundary;

import dev.herald.sse.EventFrame;
import dev.herald.sse.EventStream;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The hub stream of one sink a broadcaster registered. It tells its broadcaster, once, that the
 * sink's stream has ended (the client left, a write failed, the hub dropped it as too slow, or the
 * broadcaster closed it), and before that when a write failed; and it lets the broadcaster end it,
 * telling the hub as a client that leaves does.
 */
final class RegisteredSink implements EventStream {

  static final long CLOSE_WAIT_MILLIS = 200;

  private final EventStream stream;
  private final SseEventSink sink;
  private final TopicBroadcaster broadcaster;
  private final Supplier<Throwable> lastFailure;
  private final AtomicBoolean over = new AtomicBoolean();
  private volatile Listener hub;

  RegisteredSink(
      EventStream stream,
      SseEventSink sink,
      TopicBroadcaster broadcaster,
      Supplier<Throwable> lastFailure) {
    this.stream = stream;
    this.sink = sink;
    this.broadcaster = broadcaster;
    this.lastFailure = lastFailure;
  }

  SseEventSink sink() {
    return sink;
  }

  @Override
  public boolean write(List<EventFrame> frames) {
    if (stream.write(frames)) {
      return true;
    }
    if (!over.get()) {
      Throwable cause = lastFailure.get();
      broadcaster.failed(
          this, cause != null ? cause : new IOException("The client has gone: a write failed"));
    }
    return false;
  }

  @Override
  public boolean ready() {
    return stream.ready();
  }

  @Override
  public void stopWaiting() {
    stream.stopWaiting();
  }

  @Override
  public void listen(Listener listener) {
    hub = listener;
    stream.listen(
        new Listener() {
          @Override
          public void writable() {
            listener.writable();
          }

          @Override
          public void ended() {
            Throwable cause = lastFailure.get();
            if (cause != null && !over.get()) {
              broadcaster.failed(RegisteredSink.this, cause);
            }
            over();
            listener.ended();
          }
        });
  }

  @Override
  public void close(long waitMillis) {
    stream.close(waitMillis);
    over();
  }

  @Override
  public void endIfAbandoned() {
    stream.endIfAbandoned();
  }

  /** The broadcaster's close: ends the stream, and the hub lets go of its subscriber. */
  void end() {
    stream.close(CLOSE_WAIT_MILLIS);
    boolean first = !over.get();
    over();
    Listener listener = hub;
    if (first && listener != null) {
      listener.ended();
    }
  }

  private void over() {
    if (over.compareAndSet(false, true)) {
      broadcaster.closed(this);
    }
  }
}
