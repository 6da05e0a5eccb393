package dev.herald.chat.control;

import java.time.Duration;
import java.util.Optional;

/**
 * On Java 17 an {@code HttpClient} cannot be closed: its selector thread ends on its own a few
 * seconds after the client is no longer reachable. Tomcat reports a thread still running after
 * undeploy as a leak, so stopping waits for that end.
 */
final class SelectorThreads {

  private SelectorThreads() {}

  static boolean awaitEnd(String name, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Optional<Thread> thread = find(name); thread.isPresent(); thread = find(name)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      // the selector checks whether its client is still reachable each time it wakes
      System.gc();
      thread.get().join(200);
    }
    return true;
  }

  private static Optional<Thread> find(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(name))
        .findFirst();
  }
}
