package dev.herald.hub.control;

import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.EventIds;
import dev.herald.hub.entity.EventIds.Position;
import dev.herald.sse.EventFrame;
import dev.herald.sse.EventStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One open stream: its connection, its topics and the frames waiting to be written to it. A stream
 * that resumes holds its live frames back until its replay is read; the replay then goes in front
 * of them, unbounded by the backlog, while live frames are bounded by it.
 */
final class Subscriber {

  private volatile EventStream stream = NOT_OPEN;
  private final Set<String> topics;
  private final int backlog;
  private final Reader reader;
  private final Instant expiresAt;
  private final ArrayDeque<EventFrame> pending = new ArrayDeque<>();
  private final List<EventFrame> held = new ArrayList<>();
  private Replay.From resumeFrom;
  private Position through;
  private Position reached;
  private String lastId;
  private int replayLeft;
  private boolean scheduled;
  private boolean closing;
  private boolean started;
  private volatile long lastWriteNanos = System.nanoTime();

  Subscriber(Set<String> topics, int backlog, Reader reader) {
    this.topics = topics;
    this.backlog = backlog;
    this.reader = reader;
    this.expiresAt = reader.expiresAt();
  }

  boolean mayRead(Event event) {
    return reader.mayRead(event);
  }

  boolean announcesReset() {
    return reader.announcesReset();
  }

  boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  Set<String> topics() {
    return topics;
  }

  EventStream stream() {
    return stream;
  }

  /** The stream, opened once this subscriber is registered; until then writers leave it be. */
  void attach(EventStream opened) {
    stream = opened;
  }

  /** What a subscriber has before its stream is open: nothing to write to, nothing to end. */
  private static final EventStream NOT_OPEN =
      new EventStream() {
        @Override
        public boolean write(List<EventFrame> frames) {
          return false;
        }

        @Override
        public void close(long waitMillis) {}
      };

  /** Joins the live events at {@code head}; a stream that resumes waits for its replay. */
  synchronized void join(Position head, Replay.From from) {
    reached = head;
    resumeFrom = from;
    through = from == null ? null : head;
  }

  /**
   * The log lost what came before {@code head}: this stream resumes from where it was, or from
   * where it meant to resume if its replay had not come yet.
   */
  synchronized void rejoin(Position head) {
    if (resumeFrom == null && !reached.equals(EventIds.UNSYNCED)) {
      resumeFrom = Replay.From.position(reached, lastId);
    }
    // the replay up to the new head covers what was held, or what was held is history lost
    held.clear();
    through = head;
    reached = head;
  }

  /** Where this stream's replay starts, or null if none is waiting to be read. */
  synchronized Replay.From resumeFrom() {
    return resumeFrom;
  }

  synchronized Position through() {
    return through;
  }

  /**
   * Puts the replay read from {@code from} through {@code upTo} in front of the live frames held
   * meanwhile; false if the stream rejoined since and needs another.
   */
  synchronized boolean replayed(Replay.From from, Position upTo, List<EventFrame> replay) {
    if (from != resumeFrom || !upTo.equals(through)) {
      return false;
    }
    resumeFrom = null;
    through = null;
    if (!closing) {
      pending.addAll(replay);
      replayLeft += replay.size();
      pending.addAll(held);
    }
    held.clear();
    return true;
  }

  /** Queues a live event; false if the backlog is full. */
  synchronized boolean offer(Event event) {
    if (closing) {
      return true;
    }
    reached = new Position(reached.epoch(), event.seq());
    lastId = event.id();
    if (resumeFrom != null) {
      if (held.size() >= backlog) {
        return false;
      }
      held.add(event.frame());
      return true;
    }
    if (pending.size() - replayLeft >= backlog) {
      return false;
    }
    pending.addLast(event.frame());
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
    held.clear();
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
    List<EventFrame> batch = new ArrayList<>(Math.min(pending.size(), maxFrames));
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
