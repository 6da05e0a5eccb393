package dev.herald.hub.boundary;

import dev.herald.sse.EventFrame;
import dev.herald.sse.EventStream;
import java.util.List;

/** A stream that runs {@code release} once it has ended, however it ended. */
final class ReleasingStream implements EventStream {

  private final EventStream stream;
  private final Runnable release;

  ReleasingStream(EventStream stream, Runnable release) {
    this.stream = stream;
    this.release = release;
  }

  @Override
  public boolean write(List<EventFrame> frames) {
    boolean written = stream.write(frames);
    if (!written) {
      release.run();
    }
    return written;
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
    stream.listen(
        new Listener() {
          @Override
          public void writable() {
            listener.writable();
          }

          @Override
          public void ended() {
            release.run();
            listener.ended();
          }
        });
  }

  @Override
  public void close(long waitMillis) {
    try {
      stream.close(waitMillis);
    } finally {
      release.run();
    }
  }

  @Override
  public void endIfAbandoned() {
    try {
      stream.endIfAbandoned();
    } finally {
      release.run();
    }
  }
}
