package dev.herald.testing;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a stream on a thread of its own, so a test waits for an event with a timeout instead of
 * blocking on a read that may never end.
 */
public final class SseCollector implements AutoCloseable {

  private static final SseEvent END = new SseEvent(null, "<end>", null, null, 0);

  private final SseStream stream;
  private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
  private final Thread reader;

  private SseCollector(SseStream stream) {
    this.stream = stream;
    this.reader = new Thread(this::read, "sse-collector");
    reader.setDaemon(true);
    reader.start();
  }

  public static SseCollector open(URI uri, Map<String, String> headers) throws IOException {
    return new SseCollector(SseStream.open(uri, headers));
  }

  public SseStream stream() {
    return stream;
  }

  private void read() {
    try {
      SseEvent event;
      while ((event = stream.next()) != null) {
        events.add(event);
      }
    } catch (IOException ended) {
      // the stream ended or was closed by the test
    }
    events.add(END);
  }

  /** The next event within {@code timeout}, or null at the end of the stream or on timeout. */
  public SseEvent next(Duration timeout) throws InterruptedException {
    SseEvent event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (event == END) {
      events.add(END);
      return null;
    }
    return event;
  }

  /** The next {@code count} events, failing if they do not come within {@code timeout} each. */
  public List<SseEvent> take(int count, Duration timeout) throws InterruptedException {
    List<SseEvent> taken = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      SseEvent event = next(timeout);
      if (event == null) {
        throw new AssertionError("only " + taken.size() + " of " + count + " events came");
      }
      taken.add(event);
    }
    return taken;
  }

  public int commentsSeen() {
    return stream.comments().size();
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }
}
