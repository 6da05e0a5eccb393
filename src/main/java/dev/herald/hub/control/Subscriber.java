package dev.herald.hub.control;

import dev.herald.hub.entity.Event;
import dev.herald.sse.EventFrame;
import dev.herald.sse.EventStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One open stream: its connection, its topics and the frames waiting to be written to it. The
 * replay waits at the front and is not bounded by the backlog; live frames behind it are.
 */
final class Subscriber {

  private final EventStream stream;
  private final Set<String> topics;
  private final int backlog;
  private final Reader reader;
  private final Instant expiresAt;
  private final ArrayDeque<EventFrame> pending = new ArrayDeque<>();
  private int replayLeft;
  private boolean scheduled;
  private boolean closing;
  private boolean started;
  private volatile long lastWriteNanos = System.nanoTime();

  Subscriber(EventStream stream, Set<String> topics, int backlog, List<EventFrame> first) {
    this(stream, topics, backlog, first, Reader.PUBLIC);
  }

  Subscriber(
      EventStream stream, Set<String> topics, int backlog, List<EventFrame> first, Reader reader) {
    this.stream = stream;
    this.topics = topics;
    this.backlog = backlog;
    this.reader = reader;
    this.expiresAt = reader.expiresAt();
    pending.addAll(first);
    replayLeft = first.size();
  }

  Set<String> topics() {
    return topics;
  }

  EventStream stream() {
    return stream;
  }

  boolean mayRead(Event event) {
    return !event.isPrivate() || reader.mayReadPrivate(event.topic());
  }

  boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** Queues a live frame; false if the backlog is full. */
  synchronized boolean offer(EventFrame frame) {
    if (closing) {
      return true;
    }
    if (pending.size() - replayLeft >= backlog) {
      return false;
    }
    pending.addLast(frame);
    return true;
  }

  /** Queues a heartbeat if nothing was written for {@code idleNanos} and nothing is waiting. */
  synchronized boolean offerHeartbeat(EventFrame frame, long idleNanos, long now) {
    if (!started
        || closing
        || scheduled
        || !pending.isEmpty()
        || now - lastWriteNanos < idleNanos) {
      return false;
    }
    pending.addLast(frame);
    return true;
  }

  /** Drops what waits; the writer that next runs this subscriber ends its stream. */
  synchronized void close() {
    closing = true;
    pending.clear();
    replayLeft = 0;
  }

  synchronized boolean isClosing() {
    return closing;
  }

  /** Lets writers run this subscriber: its response has been committed by its request thread. */
  synchronized void start() {
    started = true;
  }

  /** Claims this subscriber for one writer run if it has work and no writer has it. */
  synchronized boolean claim() {
    if (!started || scheduled || (pending.isEmpty() && !closing)) {
      return false;
    }
    scheduled = true;
    return true;
  }

  /** Ends a writer run: true if there is more work and the caller keeps the claim. */
  synchronized boolean release() {
    if (pending.isEmpty() && !closing) {
      scheduled = false;
      return false;
    }
    return true;
  }

  /** Up to {@code maxFrames} frames and about {@code maxBytes}, at least one; empty if none. */
  synchronized List<EventFrame> take(int maxFrames, int maxBytes) {
    List<EventFrame> batch = new ArrayList<>();
    int bytes = 0;
    while (!pending.isEmpty() && batch.size() < maxFrames) {
      EventFrame next = pending.peekFirst();
      if (!batch.isEmpty() && bytes + next.size() > maxBytes) {
        break;
      }
      batch.add(pending.pollFirst());
      bytes += next.size();
      if (replayLeft > 0) {
        replayLeft--;
      }
    }
    return batch;
  }

  void written() {
    lastWriteNanos = System.nanoTime();
  }
}
