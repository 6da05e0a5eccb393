package dev.herald.sse;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/** A client's open event stream, as the hub writes to it: frames as their bytes. */
public interface EventStream {

  /** Writes the frames and flushes them; false if the client has gone. */
  boolean write(List<EventFrame> frames);

  /**
   * True if a write may go now. False when the client has not taken what was written yet: the
   * listener's {@link Listener#writable} runs once it has (a stream that blocks is always ready).
   */
  default boolean ready() {
    return true;
  }

  /**
   * Gives up waiting to be writable, for a stream that is to be ended: if {@link #ready} said the
   * stream is not ready, the listener's {@link Listener#writable} runs now, so that the writer it
   * wakes ends the stream instead of waiting for a client that is too slow.
   */
  default void stopWaiting() {}

  /** Tells {@code listener} what the stream learns by itself; call once, before the first write. */
  default void listen(Listener listener) {}

  /** Ends the stream, waiting up to {@code waitMillis} for a write under way. */
  void close(long waitMillis);

  /** Ends a stream whose write failed if the server has not ended it by now. */
  default void endIfAbandoned() {}

  /** An event stream's status and headers, set on a response that is not committed yet. */
  static void setHeaders(HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/event-stream;charset=UTF-8");
    response.setHeader("Cache-Control", "no-cache, no-transform");
    response.setHeader("X-Accel-Buffering", "no");
  }

  /** What a stream tells its writer. Called on server threads, never under the stream's lock. */
  interface Listener {

    /** A write may go again after {@link #ready} said it may not. */
    void writable();

    /** The client has gone or the connection failed; the stream is closed. */
    void ended();
  }
}
