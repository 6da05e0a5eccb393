package dev.herald.hub.entity;

import java.util.List;

/**
 * An event as its publisher gave it, validated and not yet in the log: {@code data} is its text on
 * the wire, {@code clientId} null lets the log number it. A private event reaches only subscribers
 * allowed to read its topic's private events. A Mercure update also carries its topic IRIs (the
 * canonical one first; empty for Herald's own events) and the reconnection time it asks for, in
 * milliseconds (null for none), so both travel with it through the log. A Mercure publisher may
 * give several updates the same id ({@code reusableId}): the id then names the newest of them.
 */
public record Draft(
    String topic,
    String type,
    String data,
    String clientId,
    boolean isPrivate,
    List<String> iris,
    Long retry,
    boolean reusableId) {

  public Draft {
    iris = List.copyOf(iris);
  }

  public Draft(String topic, String type, String data, String clientId, boolean isPrivate) {
    this(topic, type, data, clientId, isPrivate, List.of(), null, false);
  }
}
