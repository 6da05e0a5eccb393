package dev.herald.mercure.control;

import dev.herald.auth.control.TopicSelectors;
import dev.herald.hub.entity.Event;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A list of Mercure topic selectors and which updates they select. It is asked for every update and
 * every subscriber, under the hub's lock, and URI templates are regular expressions: so it
 * remembers its answer per topic IRI, and its answer for the update asked last, which the many
 * subscribers sharing it (see {@link Selections}) ask for in turn.
 */
public final class Selection {

  static final int MAX_REMEMBERED = 1024;

  private final List<String> selectors;
  private final boolean everything;
  private final Map<String, Boolean> byTopic = new ConcurrentHashMap<>();
  private volatile Answer last;

  Selection(List<String> selectors) {
    this.selectors = List.copyOf(selectors);
    this.everything = selectors.contains("*");
  }

  /** Whether any of the update's topics matches any of the selectors. */
  public boolean selects(Event update) {
    Answer answer = last;
    if (answer != null && answer.update == update) {
      return answer.selected;
    }
    boolean selected = everything || update.iris().stream().anyMatch(this::selects);
    last = new Answer(update, selected);
    return selected;
  }

  boolean selects(String topic) {
    Boolean known = byTopic.get(topic);
    if (known == null) {
      known = TopicSelectors.anyMatches(selectors, topic);
      if (byTopic.size() >= MAX_REMEMBERED) {
        byTopic.clear();
      }
      byTopic.put(topic, known);
    }
    return known;
  }

  List<String> selectors() {
    return selectors;
  }

  private record Answer(Event update, boolean selected) {}
}
