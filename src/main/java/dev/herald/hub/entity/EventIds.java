package dev.herald.hub.entity;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ids the log gives events: the sequence number and the log's epoch, {@code 42-k3xa9qz1}. The
 * epoch changes when the log loses its history, so an id from before says so instead of pointing at
 * another event that got the same number since. Publishers may not choose ids of this shape, nor
 * ids of digits only (the numbering before epochs).
 */
public final class EventIds {

  /** The head of a log that has not been read yet: a stream that joins there resumes from none. */
  public static final Position UNSYNCED = new Position("", 0);

  private static final Pattern HUB_ID = Pattern.compile("([0-9]{1,18})(?:-([0-9a-z]{1,16}))?");

  private EventIds() {}

  public static String of(long seq, String epoch) {
    return seq + "-" + epoch;
  }

  public static boolean reserved(String id) {
    return HUB_ID.matcher(id).matches();
  }

  /** The position an id of the log names, if it is one. */
  public static Optional<Position> parse(String id) {
    Matcher matcher = HUB_ID.matcher(id);
    if (!matcher.matches() || matcher.group(2) == null) {
      return Optional.empty();
    }
    return Optional.of(new Position(matcher.group(2), Long.parseLong(matcher.group(1))));
  }

  /** A place in one epoch of the log: after event {@code seq}. */
  public record Position(String epoch, long seq) {}
}
