package dev.herald.hub.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.EventIds.Position;
import dev.herald.sse.EventFrame;
import dev.herald.sse.EventStream;
import dev.herald.sse.WriterTurn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writers' turn-keeping with a stream that does not block and is sometimes not ready. */
class WritersTest {

  private static final EventFrame RETRY = EventFrame.retry(3000);
  private static final EventFrame ONE = EventFrame.event("1", "message", "1");
  private static final EventFrame TWO = EventFrame.event("2", "message", "2");

  private final Writers writers = new Writers(2, 10, subscriber -> {}, delivered -> {});
  private final NonBlockingStream stream = new NonBlockingStream();
  private final Subscriber subscriber = joined(new Subscriber(Set.of("t"), 16, Reader.PUBLIC));

  private Subscriber joined(Subscriber subscriber) {
    subscriber.join(new Position("e", 0), null);
    subscriber.attach(stream);
    return subscriber;
  }

  @AfterEach
  void stop() throws InterruptedException {
    writers.stop(Duration.ofSeconds(5));
  }

  @Test
  void framesWaitWhileTheStreamIsNotReadyAndGoInOneWriteOnceItIsWritable() throws Exception {
    start();
    stream.ready.set(false);
    offer(ONE);
    offer(TWO);
    // the writer that found the stream not ready gave up its run, and no other started one
    Thread.sleep(200);
    assertThat(stream.writes()).containsExactly(List.of(RETRY));

    stream.becomeWritable();

    stream.awaitWrites(2);
    assertThat(stream.writes()).containsExactly(List.of(RETRY), List.of(ONE, TWO));
  }

  @Test
  void aSubscriberClosedWhileItsStreamIsNotReadyIsEndedWithoutWaitingForIt() throws Exception {
    start();
    stream.ready.set(false);
    offer(ONE);
    subscriber.close();
    writers.schedule(subscriber);

    assertThat(stream.closedLatch.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(stream.writes()).containsExactly(List.of(RETRY));
  }

  private void start() throws InterruptedException {
    stream.listen(
        new EventStream.Listener() {
          @Override
          public void writable() {
            writers.resume(subscriber);
          }

          @Override
          public void ended() {
            // the stream ends only when closed here
          }
        });
    writers.start(subscriber, RETRY);
    stream.awaitWrites(1);
  }

  private void offer(EventFrame frame) {
    Event event = new Event("t", "1", 1, "message", frame, Instant.now());
    assertThat(subscriber.offer(event)).isTrue();
    writers.schedule(subscriber);
  }

  /** Records each write; ready when the test says, and then tells its listener. */
  private static final class NonBlockingStream implements EventStream {

    final AtomicBoolean ready = new AtomicBoolean(true);

    private final WriterTurn turn = new WriterTurn();

    final CountDownLatch closedLatch = new CountDownLatch(1);
    private final List<List<EventFrame>> writes = new ArrayList<>();

    @Override
    public synchronized boolean write(List<EventFrame> frames) {
      writes.add(List.copyOf(frames));
      notifyAll();
      return true;
    }

    @Override
    public boolean ready() {
      boolean now = ready.get();
      if (!now) {
        turn.keep();
      }
      return now;
    }

    @Override
    public void listen(Listener listener) {
      turn.listen(listener);
    }

    @Override
    public void stopWaiting() {
      turn.giveBack();
    }

    @Override
    public void close(long waitMillis) {
      closedLatch.countDown();
    }

    void becomeWritable() {
      ready.set(true);
      turn.giveBack();
    }

    synchronized List<List<EventFrame>> writes() {
      return List.copyOf(writes);
    }

    synchronized void awaitWrites(int count) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (writes.size() < count && System.nanoTime() < deadline) {
        wait(100);
      }
    }
  }
}
