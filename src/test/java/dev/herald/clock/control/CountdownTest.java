package dev.herald.clock.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseBroadcaster;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.junit.jupiter.api.Test;

class CountdownTest {

  private static final Clock NOON =
      Clock.fixed(Instant.parse("2026-01-02T12:00:00Z"), ZoneId.of("UTC"));

  private static final Sse SSE =
      new Sse() {
        @Override
        public OutboundSseEvent.Builder newEventBuilder() {
          return new OutboundEvent.Builder();
        }

        @Override
        public SseBroadcaster newBroadcaster() {
          throw new UnsupportedOperationException();
        }
      };

  private final RecordingSink sink = new RecordingSink();
  private final AtomicInteger ends = new AtomicInteger();
  private final FutureTask<Void> schedule = new FutureTask<>(() -> {}, null);

  private Countdown countdown(int first, int last) {
    Countdown countdown = new Countdown(sink, SSE, NOON, first, last, 2000, ends::incrementAndGet);
    countdown.scheduledAs(schedule);
    return countdown;
  }

  @Test
  void sendsEachTickOnceThenClosesTheSinkAndStopsItsSchedule() {
    Countdown countdown = countdown(2, 3);

    countdown.run();
    countdown.run();
    countdown.run();

    assertThat(sink.sent).extracting(OutboundSseEvent::getId).containsExactly("2", "3");
    assertThat(sink.sent.get(0).getData())
        .hasFieldOrPropertyWithValue("data", "2026-01-02 12:00:00")
        .hasFieldOrPropertyWithValue("count", 2);
    assertThat(sink.closed).isTrue();
    assertThat(schedule.isCancelled()).isTrue();
    assertThat(ends).hasValue(1);
  }

  @Test
  void onlyTheFirstEventCarriesTheRetryHint() {
    Countdown countdown = countdown(1, 2);

    countdown.run();
    countdown.run();

    assertThat(sink.sent.get(0).getReconnectDelay()).isEqualTo(2000);
    assertThat(sink.sent.get(1).isReconnectDelaySet()).isFalse();
  }

  @Test
  void stopsAtTheNextTickOnceTheClientHasGone() {
    Countdown countdown = countdown(1, 10);
    countdown.run();

    sink.closed = true;
    countdown.run();
    countdown.run();

    assertThat(sink.sent).hasSize(1);
    assertThat(schedule.isCancelled()).isTrue();
    assertThat(ends).hasValue(1);
  }

  @Test
  void stopsWhenAWriteFails() {
    Countdown countdown = countdown(1, 10);
    sink.failWrites = true;

    countdown.run();
    countdown.run();

    assertThat(sink.sent).hasSize(1);
    assertThat(schedule.isCancelled()).isTrue();
    assertThat(ends).hasValue(1);
  }

  @Test
  void aScheduleThatArrivesAfterTheEndIsCancelledAtOnce() {
    Countdown countdown = new Countdown(sink, SSE, NOON, 1, 1, 2000, ends::incrementAndGet);
    countdown.run();

    countdown.scheduledAs(schedule);

    assertThat(schedule.isCancelled()).isTrue();
  }

  private static final class RecordingSink implements SseEventSink {
    final List<OutboundSseEvent> sent = new ArrayList<>();
    boolean closed;
    boolean failWrites;

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public CompletionStage<?> send(OutboundSseEvent event) {
      sent.add(event);
      return failWrites
          ? CompletableFuture.failedFuture(new java.io.IOException("Broken pipe"))
          : CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
