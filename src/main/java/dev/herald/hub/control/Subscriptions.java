package dev.herald.hub.control;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which subscribers each topic has on this node. Not thread-safe: the hub guards it. */
final class Subscriptions {

  private final Map<String, Set<Subscriber>> byTopic = new HashMap<>();
  private final Set<Subscriber> all = new LinkedHashSet<>();

  void add(Subscriber subscriber) {
    all.add(subscriber);
    for (String topic : subscriber.topics()) {
      byTopic.computeIfAbsent(topic, name -> new LinkedHashSet<>()).add(subscriber);
    }
  }

  boolean remove(Subscriber subscriber) {
    if (!all.remove(subscriber)) {
      return false;
    }
    for (String topic : subscriber.topics()) {
      Set<Subscriber> audience = byTopic.get(topic);
      audience.remove(subscriber);
      if (audience.isEmpty()) {
        byTopic.remove(topic);
      }
    }
    return true;
  }

  Set<Subscriber> of(String topic) {
    return byTopic.getOrDefault(topic, Set.of());
  }

  List<Subscriber> all() {
    return List.copyOf(all);
  }

  /** Topics that have subscribers here. */
  Set<String> topics() {
    return byTopic.keySet();
  }

  Map<String, Integer> counts() {
    Map<String, Integer> counts = new HashMap<>();
    byTopic.forEach((topic, audience) -> counts.put(topic, audience.size()));
    return counts;
  }
}
