package dev.herald.chat.control;

import dev.herald.chat.entity.ChatError;

/**
 * The client end of one streamed completion. Every method returns false once the client is gone,
 * which is how a producer learns to stop.
 */
public interface ChatStream {

  /** Sends {@code chunk} (an entity such as a chunk record) as one {@code data:} event. */
  boolean send(Object chunk);

  /** Sends JSON text that is already valid as it is. */
  boolean sendJson(String json);

  /** Sends a comment line: invisible to clients, but a write that fails once the client left. */
  boolean heartbeat();

  /** Sends {@code data: [DONE]} and ends the stream. */
  void done();

  /** Sends {@code data: {"error":…}} and ends the stream. */
  void fail(ChatError error);

  boolean isOpen();

  /**
   * Runs {@code next} once the client has taken what was sent (now, if it has, or if the stream is
   * closed), so that a producer goes only as fast as its client. Call it again for every wait.
   */
  default void whenWritable(Runnable next) {
    next.run();
  }
}
