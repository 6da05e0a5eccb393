package dev.herald.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * W5's client: keeps {@code --streams} streamed chat completions open through a relay (a new one
 * as soon as one ends), and measures, for every chunk received in the window, the delay since the
 * fake upstream wrote it (its {@code obfuscation} member), the tokens per second delivered, and
 * the relay's memory and threads while the streams are open. One thread, one selector; bounded in
 * count and time.
 */
public final class ChatLoad {
  private static final byte[] MARK = "\"obfuscation\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

  private final InetSocketAddress server;
  private final List<InetSocketAddress> sources = new ArrayList<>();
  private final byte[] request;
  private final Histogram delays = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
  private Selector selector;
  private boolean measuring;
  private boolean running = true;
  private long tokens;
  private long started;
  private long completed;
  private long failed;
  private String lastError = "";
  private int open;
  private int next;

  private ChatLoad(URI base, String path, List<String> sourceHosts) {
    this.server = new InetSocketAddress(base.getHost(), base.getPort());
    for (String s : sourceHosts) {
      sources.add(new InetSocketAddress(s, 0));
    }
    String body =
        "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"system\",\"content\":"
            + "\"You are a helpful assistant.\"},{\"role\":\"user\",\"content\":\"Explain how a"
            + " benchmark should be read, in a few paragraphs.\"}]}";
    this.request =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: "
                + base.getHost()
                + ":"
                + base.getPort()
                + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
                + "Content-Length: "
                + body.length()
                + "\r\n\r\n"
                + body)
            .getBytes(StandardCharsets.US_ASCII);
  }

  public static void main(String[] args) throws Exception {
    Options o = new Options(args);
    ChatLoad load =
        new ChatLoad(
            URI.create(o.text("base", "http://127.0.0.1:18080")),
            o.text("path", "/api/chat/completions"),
            o.list("sources", "127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5"));
    load.run(o);
    System.exit(0);
  }

  private void run(Options o) throws Exception {
    int streams = (int) o.number("streams", 100);
    long windowSeconds = o.number("seconds", 20);
    String name = o.text("name", "server");
    ServerProcess proc = new ServerProcess(o.number("server-pid", 0));
    boolean jvm = o.text("jvm-server", "false").equals("true");
    long rssBase = proc.rssKb();
    long heapBase = jvm ? proc.liveHeapKb() : 0;
    int threadsBase = proc.threads();
    selector = Selector.open();
    long rampStart = System.nanoTime();
    long rampEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.number("ramp-seconds", 30));
    // open the streams at most 64 at a time not yet answered, bounded by the ramp time
    while (open < streams && System.nanoTime() < rampEnd) {
      while (open < streams && open - answered() < 64) {
        openOne();
      }
      poll(5);
    }
    long rampDone = System.nanoTime();
    poll(2000); // every stream under way
    measuring = true;
    long t0 = System.nanoTime();
    long cpu0 = proc.cpuMicros();
    long end = t0 + TimeUnit.SECONDS.toNanos(windowSeconds);
    long rssOpen = 0;
    long heapOpen = 0;
    int threadsOpen = 0;
    while (System.nanoTime() < end) {
      poll(Math.max(1, (end - System.nanoTime()) / 1_000_000));
      if (rssOpen == 0 && System.nanoTime() > t0 + (end - t0) / 2) {
        rssOpen = proc.rssKb();
        threadsOpen = proc.threads();
        heapOpen = jvm ? proc.liveHeapKb() : 0;
      }
    }
    measuring = false;
    running = false;
    double seconds = (System.nanoTime() - t0) / 1e9;
    long cpu = proc.cpuMicros() - cpu0;
    for (SelectionKey key : selector.keys()) {
      key.channel().close();
    }
    Properties out = new Properties();
    out.setProperty("server", name);
    out.setProperty("streams", Integer.toString(streams));
    out.setProperty("streams.open", Integer.toString(open));
    out.setProperty("ramp.seconds", String.format(Locale.ROOT, "%.1f", (rampDone - rampStart) / 1e9));
    out.setProperty("tokens.per.s", String.format(Locale.ROOT, "%.0f", tokens / seconds));
    out.setProperty("tokens.offered.per.s", Integer.toString(streams * 40));
    out.setProperty("added.p50.ms", ms(delays.getValueAtPercentile(50)));
    out.setProperty("added.p99.ms", ms(delays.getValueAtPercentile(99)));
    out.setProperty("added.p999.ms", ms(delays.getValueAtPercentile(99.9)));
    out.setProperty("added.max.ms", ms(delays.getMaxValue()));
    out.setProperty("completed", Long.toString(completed));
    out.setProperty("failed", Long.toString(failed));
    out.setProperty("rss.baseline.kb", Long.toString(rssBase));
    out.setProperty("rss.open.kb", Long.toString(rssOpen));
    out.setProperty(
        "kb.per.stream",
        proc.known() && rssOpen > 0
            ? String.format(Locale.ROOT, "%.1f", (rssOpen - rssBase) / (double) streams)
            : "-");
    out.setProperty(
        "heap.kb.per.stream",
        jvm && heapOpen > 0 && heapBase > 0
            ? String.format(Locale.ROOT, "%.1f", (heapOpen - heapBase) / (double) streams)
            : "-");
    out.setProperty("threads.baseline", Integer.toString(threadsBase));
    out.setProperty("threads", Integer.toString(threadsOpen));
    out.setProperty(
        "cpu.us.per.token",
        proc.known() && tokens > 0 ? String.format(Locale.ROOT, "%.2f", cpu / (double) tokens) : "-");
    Path file = Path.of(o.text("out", "chat.properties"));
    try (var w = Files.newBufferedWriter(file)) {
      out.store(w, null);
    }
    System.out.printf(
        Locale.ROOT,
        "%s W5 %d streams: %s tokens/s (offered %d), added delay ms p50 %s p99 %s p99.9 %s max %s,"
            + " RSS %d -> %d KB = %s KB/stream (live heap %s KB/stream), threads %d -> %d,"
            + " CPU %s µs/token, %d completed, %d failed%s%n",
        name,
        streams,
        out.getProperty("tokens.per.s"),
        streams * 40,
        out.getProperty("added.p50.ms"),
        out.getProperty("added.p99.ms"),
        out.getProperty("added.p999.ms"),
        out.getProperty("added.max.ms"),
        rssBase,
        rssOpen,
        out.getProperty("kb.per.stream"),
        out.getProperty("heap.kb.per.stream"),
        threadsBase,
        threadsOpen,
        out.getProperty("cpu.us.per.token"),
        completed,
        failed,
        failed > 0 ? " (last: " + lastError + ")" : "");
  }

  private int answered;

  private int answered() {
    return answered;
  }

  private void openOne() throws IOException {
    SocketChannel c = SocketChannel.open();
    c.configureBlocking(false);
    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
    c.bind(sources.get(next++ % sources.size()));
    c.connect(server);
    c.register(selector, SelectionKey.OP_CONNECT, new Conn());
    open++;
    started++;
  }

  private void poll(long millis) throws IOException {
    selector.select(Math.max(1, millis));
    for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
      SelectionKey key = it.next();
      it.remove();
      Conn conn = (Conn) key.attachment();
      SocketChannel c = (SocketChannel) key.channel();
      try {
        if (key.isConnectable()) {
          c.finishConnect();
          c.write(ByteBuffer.wrap(request));
          key.interestOps(SelectionKey.OP_READ);
        } else if (key.isReadable()) {
          conn.read(c, key);
        }
      } catch (IOException e) {
        fail(key, e.toString());
      }
    }
  }

  private void fail(SelectionKey key, String error) throws IOException {
    failed++;
    lastError = error;
    end(key);
  }

  private void end(SelectionKey key) throws IOException {
    Conn conn = (Conn) key.attachment();
    if (!conn.headSeen) {
      answered++;
    }
    key.cancel();
    key.channel().close();
    open--;
    if (running) {
      openOne(); // the next stream takes its place
    }
  }

  /** One streamed completion: the head, then chunks scanned for their send time and the end. */
  private final class Conn {
    final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    boolean headSeen;
    int carry;

    void read(SocketChannel c, SelectionKey key) throws IOException {
      buf.position(carry);
      buf.limit(buf.capacity());
      int n = c.read(buf);
      if (n < 0) {
        fail(key, "closed before [DONE]");
        return;
      }
      long now = Publisher.nowMicros();
      byte[] a = buf.array();
      int len = buf.position();
      int i = 0;
      if (!headSeen) {
        if (len < 12) {
          carry = len;
          return;
        }
        String status = new String(a, 9, 3, StandardCharsets.US_ASCII);
        if (!status.equals("200")) {
          fail(key, "HTTP " + status);
          return;
        }
        headSeen = true;
        answered++;
      }
      int safe = i;
      while (i < len) {
        int m = indexOf(a, MARK, i, len);
        int d = indexOf(a, DONE, i, len);
        if (d >= 0 && (m < 0 || d < m)) {
          completed++;
          end(key);
          return;
        }
        if (m < 0) {
          break;
        }
        int j = m + MARK.length;
        long t = 0;
        while (j < len && a[j] >= '0' && a[j] <= '9') {
          t = t * 10 + (a[j] - '0');
          j++;
        }
        if (j >= len) {
          break; // the number goes on in the next read
        }
        if (measuring) {
          delays.recordValue(Math.max(0, Math.min(now - t, delays.getHighestTrackableValue())));
          tokens++;
        }
        i = j;
        safe = j;
      }
      // keep the unscanned tail (at most a marker's length, or an unfinished number)
      int keepFrom = Math.max(safe, len - 64);
      if (keepFrom < 0) {
        keepFrom = 0;
      }
      int keep = len - keepFrom;
      System.arraycopy(a, keepFrom, a, 0, keep);
      carry = keep;
    }
  }

  private static int indexOf(byte[] a, byte[] pattern, int from, int to) {
    outer:
    for (int i = from; i <= to - pattern.length; i++) {
      for (int k = 0; k < pattern.length; k++) {
        if (a[i + k] != pattern[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
  }
}
