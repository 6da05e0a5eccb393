package dev.herald.sse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SinkEventStreamTest {

  private final FakeSink sink = new FakeSink();
  private final SinkEventStream stream = new SinkEventStream(sink);
  private final AtomicInteger writable = new AtomicInteger();
  private final AtomicInteger ended = new AtomicInteger();

  @BeforeEach
  void listen() {
    stream.listen(
        new EventStream.Listener() {
          @Override
          public void writable() {
            writable.incrementAndGet();
          }

          @Override
          public void ended() {
            ended.incrementAndGet();
          }
        });
  }

  @Test
  void sendsEachFrameAsItsOwnBytes() {
    EventFrame first = EventFrame.event("1", "note", "a\nb");
    EventFrame second = EventFrame.comment("heartbeat");
    sink.completeAtOnce = true;

    assertThat(stream.write(List.of(first, second))).isTrue();

    assertThat(sink.sent)
        .extracting(event -> ((FrameEvent) event).frame())
        .containsExactly(first, second);
    assertThat(stream.ready()).isTrue();
  }

  @Test
  void isNotReadyWhileABatchIsInFlightAndGivesTheTurnBackOnceItCompletes() {
    assertThat(stream.write(List.of(EventFrame.comment("a"), EventFrame.comment("b")))).isTrue();

    assertThat(stream.ready()).as("two sends in flight").isFalse();
    sink.pending.get(0).complete(null);
    assertThat(stream.ready()).as("one still in flight").isFalse();
    assertThat(writable).hasValue(0);
    sink.pending.get(1).complete(null);

    assertThat(writable).as("the writer's turn came back once").hasValue(1);
    assertThat(stream.ready()).isTrue();
    assertThat(ended).hasValue(0);
  }

  @Test
  void aSendThatCompletedBeforeTheWriterLooksLeavesTheStreamReady() {
    stream.write(List.of(EventFrame.comment("a")));
    sink.pending.get(0).complete(null);

    assertThat(stream.ready()).isTrue();
    assertThat(writable).as("no turn was kept, so none comes back").hasValue(0);
  }

  @Test
  void aSendThatFailsLaterEndsTheStreamAndSaysWhy() {
    stream.write(List.of(EventFrame.comment("a")));
    assertThat(stream.ready()).isFalse();
    IOException gone = new IOException("Broken pipe");

    sink.pending.get(0).completeExceptionally(gone);

    assertThat(ended).hasValue(1);
    assertThat(stream.failure()).isSameAs(gone);
    assertThat(stream.ready()).as("a closed stream does not keep the turn").isTrue();
    assertThat(stream.write(List.of(EventFrame.comment("b")))).isFalse();
  }

  @Test
  void aSendThatFailsAtOnceIsAFailedWrite() {
    IOException gone = new IOException("Broken pipe");
    sink.failAtOnce = gone;

    assertThat(stream.write(List.of(EventFrame.comment("a")))).isFalse();
    assertThat(stream.failure()).isSameAs(gone);
  }

  @Test
  void aSinkThatRefusesSendsIsAFailedWriteAndIsNotClosedAgain() {
    sink.refuse = true;

    assertThat(stream.write(List.of(EventFrame.comment("a")))).isFalse();
    stream.close(100);

    assertThat(sink.closes).as("its server ended it; it is not touched again").hasValue(0);
  }

  @Test
  void aClosedSinkIsAFailedWrite() {
    sink.closed = true;

    assertThat(stream.write(List.of(EventFrame.comment("a")))).isFalse();
  }

  @Test
  void closeClosesTheSinkOnce() {
    stream.close(100);
    stream.close(100);

    assertThat(sink.closes).hasValue(1);
    assertThat(stream.write(List.of(EventFrame.comment("a")))).isFalse();
  }

  @Test
  void stopWaitingGivesBackAKeptTurn() {
    stream.write(List.of(EventFrame.comment("a")));
    assertThat(stream.ready()).isFalse();

    stream.stopWaiting();

    assertThat(writable).hasValue(1);
  }

  /** A sink whose sends complete when the test says, as an asynchronous one would. */
  private static final class FakeSink implements SseEventSink {

    final List<OutboundSseEvent> sent = new ArrayList<>();
    final List<CompletableFuture<Void>> pending = new ArrayList<>();
    final AtomicInteger closes = new AtomicInteger();
    boolean completeAtOnce;
    boolean refuse;
    boolean closed;
    Throwable failAtOnce;

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public CompletionStage<?> send(OutboundSseEvent event) {
      if (refuse) {
        throw new IllegalStateException("closed");
      }
      sent.add(event);
      if (failAtOnce != null) {
        return CompletableFuture.failedFuture(failAtOnce);
      }
      if (completeAtOnce) {
        return CompletableFuture.completedFuture(null);
      }
      CompletableFuture<Void> future = new CompletableFuture<>();
      pending.add(future);
      return future;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
      closed = true;
    }
  }
}
