package dev.herald.broadcast.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.sse.EventFrame;
import dev.herald.sse.EventStream;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegisteredSinkTest {

  private final TopicBroadcaster broadcaster = new TopicBroadcaster("orders", null);
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final FakeStream stream = new FakeStream();
  private final SseEventSink sink = new NoSink();
  private final AtomicInteger hubEnded = new AtomicInteger();
  private RegisteredSink registered;

  @BeforeEach
  void register() {
    broadcaster.onClose(closed -> seen.add(closed == sink ? "close" : "close of another"));
    broadcaster.onError((failed, cause) -> seen.add("error " + cause.getMessage()));
    registered = broadcaster.track(new RegisteredSink(stream, sink, broadcaster, () -> null));
    registered.listen(
        new EventStream.Listener() {
          @Override
          public void writable() {}

          @Override
          public void ended() {
            hubEnded.incrementAndGet();
          }
        });
  }

  @Test
  void aFailedWriteFiresOnErrorThenTheHubsCloseFiresOnCloseOnce() {
    stream.writes = false;

    assertThat(registered.write(List.of(EventFrame.comment("x")))).isFalse();
    registered.close(100);
    registered.close(100);

    assertThat(seen).containsExactly("error The client has gone: a write failed", "close");
    assertThat(broadcaster.registered()).isZero();
  }

  @Test
  void aClientThatLeavesFiresOnCloseAndTellsTheHub() {
    stream.listener.ended();

    assertThat(seen).containsExactly("close");
    assertThat(hubEnded).hasValue(1);
    assertThat(broadcaster.registered()).isZero();
  }

  @Test
  void aFailureTheStreamRecordedIsTheErrorsCause() {
    RegisteredSink failing =
        broadcaster.track(
            new RegisteredSink(stream, sink, broadcaster, () -> new IOException("Broken pipe")));
    failing.listen(
        new EventStream.Listener() {
          @Override
          public void writable() {}

          @Override
          public void ended() {}
        });

    stream.listener.ended();

    assertThat(seen).containsExactly("error Broken pipe", "close");
  }

  @Test
  void closingTheBroadcasterEndsWhatItRegisteredAndTellsTheHub() {
    broadcaster.close();
    broadcaster.close();

    assertThat(stream.closes).hasValue(1);
    assertThat(hubEnded).hasValue(1);
    assertThat(seen).containsExactly("close");
    assertThat(registered.write(List.of(EventFrame.comment("x")))).isFalse();
    assertThat(seen).as("no error for a stream the broadcaster ended").containsExactly("close");
  }

  @Test
  void aCloseThatDoesNotCascadeLeavesTheSinksSubscribed() {
    broadcaster.close(false);

    assertThat(stream.closes).hasValue(0);
    assertThat(broadcaster.registered()).isEqualTo(1);
  }

  @Test
  void aClosedBroadcasterRefusesToRegisterAndToBroadcast() {
    broadcaster.close();

    assertThatThrownBy(() -> broadcaster.register(new NoSink()))
        .isInstanceOf(IllegalStateException.class);
    CompletionStage<String> broadcast =
        broadcaster.broadcast(new OutboundEvent.Builder().data("x").build());
    assertThat(broadcast.toCompletableFuture()).isCompletedExceptionally();
  }

  @Test
  void aCallbackThatThrowsDoesNotStopTheOthers() {
    TopicBroadcaster other = new TopicBroadcaster("orders", null);
    AtomicInteger second = new AtomicInteger();
    other.onClose(
        closed -> {
          throw new IllegalStateException("a bug in a callback");
        });
    other.onClose(closed -> second.incrementAndGet());
    FakeStream its = new FakeStream();
    RegisteredSink one = other.track(new RegisteredSink(its, sink, other, () -> null));

    one.close(100);

    assertThat(second).hasValue(1);
  }

  private static final class FakeStream implements EventStream {

    boolean writes = true;
    Listener listener;
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public boolean write(List<EventFrame> frames) {
      return writes && closes.get() == 0;
    }

    @Override
    public void listen(Listener listener) {
      this.listener = listener;
    }

    @Override
    public void close(long waitMillis) {
      closes.incrementAndGet();
    }
  }

  private static final class NoSink implements SseEventSink {

    @Override
    public boolean isClosed() {
      return false;
    }

    @Override
    public CompletionStage<?> send(OutboundSseEvent event) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {}
  }
}
