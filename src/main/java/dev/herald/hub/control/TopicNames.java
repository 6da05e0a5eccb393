package dev.herald.hub.control;

import java.util.regex.Pattern;

/** Topic names: safe in a URL path, a log line and a metric label without any escaping. */
public final class TopicNames {

  public static final String RULE =
      "1 to 64 characters: letters, digits, '.', '_' and '-', starting with a letter or digit";
  private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private TopicNames() {}

  public static boolean valid(String name) {
    return name != null && PATTERN.matcher(name).matches();
  }
}
