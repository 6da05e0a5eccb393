package dev.herald.auth.control;

import java.util.regex.Pattern;

/**
 * Turns an RFC 6570 URI template into a regular expression that matches every string some expansion
 * of the template could produce (levels 1 to 4: all operators, lists, {@code *} and {@code :n}).
 * Literals match themselves; an undefined variable expands to nothing.
 */
final class UriTemplates {

  private static final String UNRESERVED = "A-Za-z0-9\\-._~";
  private static final String RESERVED = ":/?#\\[\\]@!$&'()*+,;=";
  private static final String PCT = "%[0-9A-Fa-f]{2}";
  private static final Pattern VARSPEC =
      Pattern.compile("(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*");
  private static final Pattern PREFIX = Pattern.compile("[1-9][0-9]{0,3}");

  private UriTemplates() {}

  /** The pattern of {@code template}; IllegalArgumentException if it is not a URI template. */
  static Pattern compile(String template) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{') {
        int end = template.indexOf('}', i);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed expression");
        }
        regex.append(expression(template.substring(i + 1, end)));
        i = end + 1;
      } else if (c == '}') {
        throw new IllegalArgumentException("'}' outside an expression");
      } else {
        int next = nextBrace(template, i);
        regex.append(Pattern.quote(template.substring(i, next)));
        i = next;
      }
    }
    return Pattern.compile(regex.toString());
  }

  private static int nextBrace(String template, int from) {
    for (int i = from; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{' || c == '}') {
        return i;
      }
    }
    return template.length();
  }

  private static String expression(String body) {
    if (body.isEmpty()) {
      throw new IllegalArgumentException("empty expression");
    }
    char operator = body.charAt(0);
    boolean hasOperator = "+#./;?&".indexOf(operator) >= 0;
    if ("=,!@|".indexOf(operator) >= 0) {
      throw new IllegalArgumentException("reserved operator " + operator);
    }
    String list = hasOperator ? body.substring(1) : body;
    int count = 0;
    Integer prefix = null;
    for (String spec : list.split(",", -1)) {
      String name = spec;
      if (spec.endsWith("*")) {
        name = spec.substring(0, spec.length() - 1);
      } else if (spec.contains(":")) {
        name = spec.substring(0, spec.indexOf(':'));
        String length = spec.substring(spec.indexOf(':') + 1);
        if (!PREFIX.matcher(length).matches()) {
          throw new IllegalArgumentException("bad prefix length");
        }
        prefix = count == 0 ? Integer.valueOf(length) : null;
      }
      if (!VARSPEC.matcher(name).matches()) {
        throw new IllegalArgumentException("bad variable name");
      }
      count++;
    }
    char op = hasOperator ? operator : 0;
    boolean allowReserved = op == '+' || op == '#';
    String chars = "(?:[" + UNRESERVED + (allowReserved ? RESERVED : "") + "]|" + PCT + ")";
    String value = prefix != null && count == 1 ? chars + "{0," + prefix + "}" : chars + "*";
    String named = "[A-Za-z0-9_.%]+";
    return switch (op) {
      case 0, '+' -> "(?:" + value + "(?:," + value + ")*)?";
      case '#' -> "(?:#" + value + "(?:," + value + ")*)?";
      case '.' -> "(?:\\." + value + ")*";
      case '/' -> "(?:/" + value + ")*";
      case ';' -> "(?:;" + named + "(?:=" + value + ")?)*";
      case '?' -> "(?:\\?" + named + "=" + value + "(?:&" + named + "=" + value + ")*)?";
      case '&' -> "(?:&" + named + "=" + value + ")*";
      default -> throw new IllegalArgumentException("unknown operator");
    };
  }
}
