package dev.herald.hub.control;

import java.time.Instant;

/**
 * Who reads a stream, as far as the hub needs to know: which topics' private events it may read,
 * and when its stream must end (its token expires). The boundary builds it from the caller.
 */
public interface Reader {

  /** Public events only, for as long as the client stays. */
  Reader PUBLIC = topic -> false;

  boolean mayReadPrivate(String topic);

  /** When the hub ends the stream; null for never. */
  default Instant expiresAt() {
    return null;
  }
}
