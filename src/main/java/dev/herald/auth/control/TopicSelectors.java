package dev.herald.auth.control;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Mercure's topic selectors: {@code *} matches every topic, a selector containing a URI template
 * expression matches what its expansions could produce, any other selector matches itself. The
 * compiled selectors are cached (bounded): tokens repeat the same few selectors on every request.
 */
public final class TopicSelectors {

  static final int CACHE_SIZE = 4096;
  private static final Pattern NOTHING = Pattern.compile("(?!)");
  private static final Map<String, Pattern> CACHE =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  private TopicSelectors() {}

  public static boolean anyMatches(Collection<String> selectors, String topic) {
    for (String selector : selectors) {
      if (matches(selector, topic)) {
        return true;
      }
    }
    return false;
  }

  public static boolean matches(String selector, String topic) {
    if ("*".equals(selector) || selector.equals(topic)) {
      return true;
    }
    if (selector.indexOf('{') < 0) {
      return false;
    }
    return compiled(selector).matcher(topic).matches();
  }

  static int cached() {
    synchronized (CACHE) {
      return CACHE.size();
    }
  }

  private static Pattern compiled(String template) {
    synchronized (CACHE) {
      Pattern pattern = CACHE.get(template);
      if (pattern != null) {
        return pattern;
      }
    }
    Pattern pattern;
    try {
      pattern = UriTemplates.compile(template);
    } catch (IllegalArgumentException notATemplate) {
      // a token's malformed selector grants nothing
      pattern = NOTHING;
    }
    synchronized (CACHE) {
      CACHE.put(template, pattern);
    }
    return pattern;
  }
}
