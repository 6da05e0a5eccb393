package dev.herald.auth.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts requests per key in fixed windows. Holds at most {@code maxKeys} keys: the one used least
 * recently is forgotten first, so a flood of new keys costs bounded memory (and a forgotten key
 * starts a new window).
 */
final class WindowCounter {

  private final int limit;
  private final long windowMillis;
  private final Map<String, long[]> windows;

  WindowCounter(int limit, long windowMillis, int maxKeys) {
    this.limit = limit;
    this.windowMillis = windowMillis;
    this.windows =
        new LinkedHashMap<>(64, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > maxKeys;
          }
        };
  }

  /** Counts one request: 0 if it is within the limit, else the millis until the window ends. */
  synchronized long acquire(String key, long nowMillis) {
    long[] window = windows.computeIfAbsent(key, k -> new long[] {nowMillis, 0});
    if (nowMillis - window[0] >= windowMillis) {
      window[0] = nowMillis;
      window[1] = 0;
    }
    if (window[1] >= limit) {
      return Math.max(1, window[0] + windowMillis - nowMillis);
    }
    window[1]++;
    return 0;
  }

  synchronized int keys() {
    return windows.size();
  }
}
