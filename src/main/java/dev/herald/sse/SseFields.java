package dev.herald.sse;

/**
 * The rules for an event's {@code id} and {@code event} (type) fields. Jersey writes them verbatim,
 * so a CR or LF inside one would let a publisher inject fields or whole events into every stream.
 */
public final class SseFields {

  public static final int MAX_LENGTH = 256;

  private SseFields() {}

  /** Why {@code value} cannot be an id or type, or null if it can. */
  public static String violation(String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return "must be 1 to " + MAX_LENGTH + " characters";
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return "must not contain CR, LF, NUL or other control characters";
      }
    }
    return null;
  }

  public static boolean valid(String value) {
    return violation(value) == null;
  }
}
