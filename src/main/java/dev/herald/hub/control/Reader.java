package dev.herald.hub.control;

import dev.herald.hub.entity.Event;
import java.time.Instant;

/**
 * Who reads a stream, as far as the hub needs to know: which topics' private events it may read,
 * and when its stream must end (its token expires). The boundary builds it from the caller.
 */
public interface Reader {

  /** Public events only, for as long as the client stays. */
  Reader PUBLIC = topic -> false;

  boolean mayReadPrivate(String topic);

  /**
   * Whether the stream gets {@code event}: called for every event of its topics, live under the
   * hub's lock and in replay, so it must be quick and do no I/O.
   */
  default boolean mayRead(Event event) {
    return !event.isPrivate() || mayReadPrivate(event.topic());
  }

  /**
   * Whether a resume the log cannot make exactly is announced with a {@code herald-reset} event; a
   * Mercure client gets the retained events without it (its protocol has no such event).
   */
  default boolean announcesReset() {
    return true;
  }

  /** When the hub ends the stream; null for never. */
  default Instant expiresAt() {
    return null;
  }
}
