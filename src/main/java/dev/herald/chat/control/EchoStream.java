package dev.herald.chat.control;

import java.util.List;
import java.util.concurrent.Future;

/** One demo answer in flight: each scheduler run sends the next chunk, then {@code [DONE]}. */
final class EchoStream implements Runnable {

  private final List<?> chunks;
  private final ChatStream stream;
  private int next;
  private Future<?> schedule;
  private boolean ended;

  EchoStream(List<?> chunks, ChatStream stream) {
    this.chunks = chunks;
    this.stream = stream;
  }

  synchronized void scheduledAs(Future<?> schedule) {
    this.schedule = schedule;
    if (ended) {
      schedule.cancel(false);
    }
  }

  @Override
  public synchronized void run() {
    if (ended) {
      return;
    }
    if (next == chunks.size()) {
      stream.done();
      end();
    } else if (!stream.send(chunks.get(next++))) {
      end();
    }
  }

  private void end() {
    ended = true;
    if (schedule != null) {
      schedule.cancel(false);
    }
  }
}
