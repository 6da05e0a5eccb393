package dev.herald.mercure.control;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The IRIs of subscriptions: {@code /.well-known/mercure/subscriptions/{topic}/{subscriber}}, each
 * variable percent-encoded as RFC 6570 expands it (every character but the unreserved ones), which
 * is what a token's selectors and a subscriber's topic selectors are matched against.
 */
public final class SubscriptionPaths {

  public static final String COLLECTION = "/.well-known/mercure/subscriptions";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private SubscriptionPaths() {}

  public static String of(String topic, String subscriber) {
    return COLLECTION + "/" + escape(topic) + "/" + escape(subscriber);
  }

  public static String of(String topic) {
    return COLLECTION + "/" + escape(topic);
  }

  static String escape(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder escaped = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if (unreserved(c)) {
        escaped.append(c);
      } else {
        escaped.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
    }
    return escaped.toString();
  }

  private static boolean unreserved(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  /**
   * The decoded segments after the collection's path in a raw (still encoded) path: empty for the
   * collection itself, null for a path that is not under it or has an empty or malformed segment. A
   * {@code +} is a space, as Mercure's own hub (which escapes as a query component) writes it.
   */
  public static List<String> segments(String rawPath) {
    if (rawPath.equals(COLLECTION) || rawPath.equals(COLLECTION + "/")) {
      return List.of();
    }
    if (!rawPath.startsWith(COLLECTION + "/")) {
      return null;
    }
    String[] raw = rawPath.substring(COLLECTION.length() + 1).split("/", -1);
    if (raw.length > 2) {
      return null;
    }
    String[] decoded = new String[raw.length];
    for (int i = 0; i < raw.length; i++) {
      decoded[i] = decode(raw[i]);
      if (decoded[i] == null || decoded[i].isEmpty()) {
        return null;
      }
    }
    return List.of(decoded);
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }
}
