package dev.herald.problem;

/** Reads request parameters that arrive as text, rejecting what is out of bounds by name. */
public final class Parameters {

  private Parameters() {}

  public static int wholeNumber(String name, String raw, int defaultValue, int min, int max) {
    if (raw == null || raw.isEmpty()) {
      return defaultValue;
    }
    if (raw.length() <= 10 && raw.chars().allMatch(Character::isDigit)) {
      long value = Long.parseLong(raw);
      if (value >= min && value <= max) {
        return (int) value;
      }
    }
    throw ProblemException.invalidParameter(
            name, "%s must be a whole number from %d to %d.".formatted(name, min, max))
        .withBounds(min, max);
  }
}
