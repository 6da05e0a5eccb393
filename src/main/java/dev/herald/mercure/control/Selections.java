package dev.herald.mercure.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One {@link Selection} per distinct list of selectors, so that subscribers asking for the same
 * topics share what it remembers. Bounded: a selection dropped here lives on in its subscribers.
 */
public final class Selections {

  static final int MAX_SHARED = 1024;
  private static final Map<List<String>, Selection> SHARED =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<String>, Selection> eldest) {
          return size() > MAX_SHARED;
        }
      };

  private Selections() {}

  public static Selection of(List<String> selectors) {
    List<String> key = List.copyOf(new TreeSet<>(selectors));
    synchronized (SHARED) {
      return SHARED.computeIfAbsent(key, Selection::new);
    }
  }
}
