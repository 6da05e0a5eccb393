package dev.herald.clock.control;

import dev.herald.clock.entity.Tick;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Future;

/** One client's countdown: sends ticks {@code next..last} to its sink, one per scheduler run. */
final class Countdown implements Runnable {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final SseEventSink sink;
  private final Sse sse;
  private final Clock clock;
  private final int last;
  private final long retryMillis;
  private final Runnable onEnd;
  private int next;
  private boolean first = true;
  private Future<?> schedule;
  private boolean ended;

  Countdown(
      SseEventSink sink,
      Sse sse,
      Clock clock,
      int first,
      int last,
      long retryMillis,
      Runnable onEnd) {
    this.sink = sink;
    this.sse = sse;
    this.clock = clock;
    this.next = first;
    this.last = last;
    this.retryMillis = retryMillis;
    this.onEnd = onEnd;
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
    try {
      if (sink.isClosed()) {
        end();
        return;
      }
      sink.send(event(next))
          .whenComplete(
              (ignored, failure) -> {
                if (failure != null) {
                  end();
                }
              });
      if (++next > last) {
        end();
      }
    } catch (RuntimeException clientGone) {
      end();
    }
  }

  private OutboundSseEvent event(int count) {
    OutboundSseEvent.Builder event =
        sse.newEventBuilder()
            .id(Integer.toString(count))
            .mediaType(MediaType.APPLICATION_JSON_TYPE)
            .data(Tick.class, new Tick(LocalDateTime.now(clock).format(TIME), count));
    if (first) {
      first = false;
      event.reconnectDelay(retryMillis);
    }
    return event.build();
  }

  private synchronized void end() {
    if (ended) {
      return;
    }
    ended = true;
    if (schedule != null) {
      schedule.cancel(false);
    }
    sink.close();
    onEnd.run();
  }
}
