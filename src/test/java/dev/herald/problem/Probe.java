package dev.herald.problem;

/** One hostile request: its bytes, and what it is for the checks and the failure message. */
record Probe(String label, String method, String path, byte[] raw) {
  boolean publishesTo(String topic) {
    return method.equals("POST") && path.equals("/api/topics/" + topic + "/events");
  }
}
