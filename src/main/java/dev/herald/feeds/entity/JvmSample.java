package dev.herald.feeds.entity;

/**
 * One reading of the `jvm` feed, from the JVM's management beans and Herald's own counters, taken
 * at {@code epochMillis} (so a replayed reading can be placed in time).
 */
public record JvmSample(
    Heap heap,
    long nonHeapUsed,
    int threads,
    Cpu cpu,
    Gc gc,
    long uptimeMillis,
    Herald herald,
    long epochMillis) {

  /** Bytes; {@code max} is -1 when the heap has no limit. */
  public record Heap(long used, long committed, long max) {}

  /** Recent CPU load from 0.0 to 1.0 of all cores, or -1 when the platform does not tell. */
  public record Cpu(double process, double system) {}

  /** Collections and milliseconds spent collecting, summed over all collectors since start. */
  public record Gc(long count, long timeMillis) {}

  public record Herald(int openConnections, double eventsPublishedPerSecond) {}
}
