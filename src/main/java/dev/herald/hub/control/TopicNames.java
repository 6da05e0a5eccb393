package dev.herald.hub.control;

import java.util.regex.Pattern;

/** Topic names: safe in a URL path, a log line and a metric label without any escaping. */
public final class TopicNames {

  public static final String RULE =
      "1 to 64 characters: letters, digits, '.', '_' and '-', starting with a letter or digit";
  private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /**
   * The hub topic Mercure updates are published to, so that they share the log's one order, its
   * replay and its nodes; Herald's own API neither publishes to it nor reads it.
   */
  public static final String MERCURE = "mercure";

  private TopicNames() {}

  /** A name the hub uses itself. */
  public static boolean reserved(String name) {
    return MERCURE.equals(name);
  }

  public static boolean valid(String name) {
    return name != null && PATTERN.matcher(name).matches();
  }
}
