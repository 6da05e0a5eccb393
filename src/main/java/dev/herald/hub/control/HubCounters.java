package dev.herald.hub.control;

import java.util.concurrent.atomic.AtomicLong;

/** What the hub counts since start, for the metrics. */
public final class HubCounters {

  final AtomicLong published = new AtomicLong();
  final AtomicLong publishFailures = new AtomicLong();
  final AtomicLong delivered = new AtomicLong();
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong replays = new AtomicLong();
  volatile long tailLagMillis;

  public long eventsPublished() {
    return published.get();
  }

  public long publishFailures() {
    return publishFailures.get();
  }

  public long eventsDelivered() {
    return delivered.get();
  }

  public long slowSubscribersDropped() {
    return dropped.get();
  }

  public long replayRequests() {
    return replays.get();
  }

  /** Milliseconds between the log taking the newest event this node fanned out and the fan-out. */
  public long tailLagMillis() {
    return tailLagMillis;
  }
}
