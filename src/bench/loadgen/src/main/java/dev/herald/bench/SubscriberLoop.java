package dev.herald.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One selector thread owning a share of the subscribers: opens them (at most {@code maxPending}
 * handshakes at once), reads and decodes their streams, records publish-to-receive latency.
 */
final class SubscriberLoop implements Runnable, Subscriber.Events {
  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);

  private final InetSocketAddress server;
  private final List<String> sources;
  private final String hostHeader;
  private final String path;
  private final int target;
  private final int firstIndex;
  private final int maxPending;
  private final int maxFailures;
  private final Selector selector;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(256 * 1024);
  final List<Subscriber> subscribers = new ArrayList<>();
  private final Histogram[] latency = new Histogram[Subscriber.MAX_STEPS];
  private final long[] deliveries = new long[Subscriber.MAX_STEPS];

  volatile boolean running = true;
  volatile int opened;
  volatile int connected;
  volatile int failures;
  volatile int closedByServer;
  volatile long firstOpenNanos;
  volatile long lastConnectedNanos;
  volatile String lastError = "";
  private int pending;
  private long nowMicros;

  SubscriberLoop(
      InetSocketAddress server,
      List<String> sources,
      String path,
      int target,
      int firstIndex,
      int maxPending)
      throws IOException {
    this.server = server;
    this.sources = sources;
    this.hostHeader = server.getHostString() + ":" + server.getPort();
    this.path = path;
    this.target = target;
    this.firstIndex = firstIndex;
    this.maxPending = maxPending;
    this.maxFailures = Math.max(20, target / 10);
    this.selector = Selector.open();
    for (int i = 0; i < latency.length; i++) {
      latency[i] = new Histogram(HIGHEST_MICROS, 3);
    }
  }

  @Override
  public void run() {
    try {
      while (running) {
        while (opened < target && pending < maxPending && failures < maxFailures) {
          open();
        }
        selector.select(20);
        for (SelectionKey key : selector.selectedKeys()) {
          handle(key);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      lastError = e.toString();
    } finally {
      for (Subscriber s : subscribers) {
        try {
          s.channel.close();
        } catch (IOException ignored) {
          // closing at the end of the run: nothing left to do with this socket
        }
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // same
      }
    }
  }

  private void open() {
    int index = firstIndex + opened;
    opened++;
    pending++;
    if (firstOpenNanos == 0) {
      firstOpenNanos = System.nanoTime();
    }
    SocketChannel ch = null;
    try {
      ch = SocketChannel.open();
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.bind(new InetSocketAddress(sources.get(index % sources.size()), 0));
      Subscriber s = new Subscriber(ch, index);
      subscribers.add(s);
      if (ch.connect(server)) {
        ch.register(selector, SelectionKey.OP_WRITE, s);
      } else {
        ch.register(selector, SelectionKey.OP_CONNECT, s);
      }
    } catch (IOException e) {
      fail(null, ch, e);
    }
  }

  private void handle(SelectionKey key) {
    Subscriber s = (Subscriber) key.attachment();
    try {
      if (!key.isValid()) {
        return;
      }
      if (key.isConnectable()) {
        s.channel.finishConnect();
        key.interestOps(SelectionKey.OP_WRITE);
      }
      if (key.isValid() && key.isWritable()) {
        ByteBuffer request = Subscriber.request(hostHeader, path);
        s.channel.write(request); // ~100 bytes: fits the empty socket buffer
        key.interestOps(SelectionKey.OP_READ);
      } else if (key.isValid() && key.isReadable()) {
        read(key, s);
      }
    } catch (IOException e) {
      fail(key, s.channel, e);
    }
  }

  private void read(SelectionKey key, Subscriber s) throws IOException {
    boolean wasOpen = s.open;
    readBuffer.clear();
    int n = s.channel.read(readBuffer);
    if (n < 0) {
      key.cancel();
      s.channel.close();
      if (s.open) {
        closedByServer++;
      } else {
        fail(null, null, new IOException("closed before the response"));
      }
      s.open = false;
      return;
    }
    readBuffer.flip();
    Instant now = Instant.now(); // once per read: the events in it arrived together
    nowMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    boolean ok = s.feed(readBuffer, this);
    if (!wasOpen && s.open) {
      pending--;
      connected++;
      lastConnectedNanos = System.nanoTime();
    }
    if (!ok) {
      key.cancel();
      s.channel.close();
      if (s.failed) {
        fail(null, null, new IOException("HTTP status " + s.status));
      } else {
        closedByServer++;
        s.open = false;
      }
    }
  }

  private void fail(SelectionKey key, SocketChannel ch, Exception e) {
    lastError = e.toString();
    failures++;
    pending--;
    opened--; // try this slot again, up to maxFailures in all
    if (key != null) {
      key.cancel();
    }
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // already broken
      }
    }
    subscribers.removeIf(x -> x.channel == ch && ch != null);
  }

  @Override
  public void onEvent(Subscriber s, long seq, int step, long sentMicros, long total) {
    if (seq == 0) {
      s.warmed = true;
      return;
    }
    if (seq < 0) {
      return; // the end marker; its total is read by LoadGen through the published count
    }
    long last = s.lastSeq;
    if (seq == last + 1) {
      s.lastSeq = seq;
    } else if (seq > last + 1) {
      s.lost += seq - last - 1;
      s.lastSeq = seq;
    } else {
      s.outOfOrder++;
    }
    s.received++;
    long micros = nowMicros;
    int st = Math.max(0, Math.min(step, Subscriber.MAX_STEPS - 1));
    synchronized (latency[st]) {
      latency[st].recordValue(Math.max(0, Math.min(micros - sentMicros, HIGHEST_MICROS)));
      deliveries[st]++;
    }
  }

  /**
   * Adds this loop's latencies for a step into {@code into}; returns its deliveries in that step.
   */
  long collect(int step, Histogram into) {
    synchronized (latency[step]) {
      into.add(latency[step]);
      return deliveries[step];
    }
  }

  /** Every subscriber of this loop is connected, or it has given up after too many failures. */
  boolean settled() {
    return connected >= target || failures >= maxFailures;
  }

  void stop() {
    running = false;
    selector.wakeup();
  }
}
