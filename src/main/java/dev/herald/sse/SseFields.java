package dev.herald.sse;

/**
 * The rules for an event's {@code id} and {@code event} (type) fields. Jersey writes them verbatim,
 * so a CR or LF inside one would let a publisher inject fields or whole events into every stream;
 * and an id must survive UTF-8 unchanged, or the id a client resumes from is not the one it saw.
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
    if (hasLoneSurrogate(value)) {
      return "must be Unicode text: it has a lone UTF-16 surrogate, which UTF-8 cannot encode";
    }
    return null;
  }

  /**
   * Whether {@code text} has half of a UTF-16 surrogate pair without the other: it cannot be
   * encoded, so the stream would carry {@code ?} where the client was told something else.
   */
  public static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  public static boolean valid(String value) {
    return violation(value) == null;
  }
}
