package dev.herald.hub.control.redis;

/** Herald's keys in Redis; all but the meta hash and presence are under the epoch. */
final class Keys {

  static final String META = "herald:meta";
  static final String NODES = "herald:nodes";

  private Keys() {}

  static String of(String epoch, String name) {
    return "herald:" + epoch + ":" + name;
  }

  static String topic(String epoch, String topic) {
    return of(epoch, "t:" + topic);
  }

  static String id(String epoch, String topic, String id) {
    return of(epoch, "id:" + topic + ":" + id);
  }

  static String node(String name) {
    return "herald:node:" + name;
  }
}
