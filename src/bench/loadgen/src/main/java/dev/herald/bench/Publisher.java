package dev.herald.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes over one keep-alive HTTP/1.1 connection, pipelined: requests go out at the paced rate
 * without waiting for the previous answer (at most {@link #MAX_IN_FLIGHT} unanswered), so a server
 * that fans out before it answers is not held to one event per fan-out time, and events still reach
 * it in sequence order. Each event carries its sequence number, step and send time (epoch
 * microseconds, so subscriber processes on this machine can compute latency).
 */
final class Publisher implements AutoCloseable {
  private static final int MAX_IN_FLIGHT = 256;

  /**
   * Tomcat's maxKeepAliveRequests: it closes a connection after its 100th answer, and requests
   * already pipelined behind that one would be lost, so a connection is retired after 100.
   */
  private static final int REQUESTS_PER_CONNECTION = 100;

  private final InetSocketAddress server;
  private final String head;
  private final String mercureTopic;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final AtomicLong errorCount = new AtomicLong();
  private volatile long sendingNanos;
  private final AtomicLong acknowledged = new AtomicLong();

  /** Requests sent on the current connection and not answered yet; one counter per connection. */
  private java.util.concurrent.atomic.AtomicInteger unanswered;

  private Socket socket;
  private OutputStream out;
  private int requestsOnConnection;
  private volatile String lastError = "";

  Publisher(InetSocketAddress server, String path) {
    this(server, path, null);
  }

  /** With {@code mercureTopic}, each event is a Mercure update of that topic, its data the JSON. */
  Publisher(InetSocketAddress server, String path, String mercureTopic) {
    this.server = server;
    this.mercureTopic = mercureTopic;
    this.head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + server.getHostString()
            + ":"
            + server.getPort()
            + "\r\nContent-Type: "
            + (mercureTopic == null ? "application/json" : "application/x-www-form-urlencoded")
            + "\r\nContent-Length: ";
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  long errors() {
    return errorCount.get();
  }

  /** Requests answered with a 2xx. */
  long acknowledged() {
    return acknowledged.get();
  }

  String lastError() {
    return lastError;
  }

  /** How long the last {@link #publish} sent for: its period, or longer when sends fell behind. */
  long sendingNanos() {
    return sendingNanos;
  }

  /** Publishes {@code count} events at {@code rate}/s; stops early after {@code maxNanos}. */
  long publish(long firstSeq, long count, int rate, int step, int payload, long maxNanos) {
    return publish(firstSeq, count, rate, step, payload, maxNanos, 1);
  }

  /**
   * As {@link #publish(long, long, int, int, int, long)}, {@code batch} events a request (a JSON
   * array, Herald's batch publish) when it is over 1, the requests spaced to give {@code rate}
   * events/s.
   */
  long publish(
      long firstSeq, long count, int rate, int step, int payload, long maxNanos, int batch) {
    long start = System.nanoTime();
    long sent = 0;
    for (long i = 0; i < count; i += batch) {
      long due = start + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (System.nanoTime() - start > maxNanos) {
        break;
      }
      int n = (int) Math.min(batch, count - i);
      if (batch <= 1) {
        send(body(firstSeq + i, step, 0, payload));
      } else {
        StringBuilder array = new StringBuilder("[");
        for (int k = 0; k < n; k++) {
          array.append(k == 0 ? "" : ",").append(body(firstSeq + i + k, step, 0, payload));
        }
        send(array.append(']').toString());
      }
      sent += n;
    }
    // the step lasts its whole period, so `sent / elapsed` is the rate and not one interval more
    long end = start + (long) (count * 1e9 / rate) - System.nanoTime();
    if (end > 0) {
      LockSupport.parkNanos(end);
    }
    sendingNanos = System.nanoTime() - start;
    awaitAnswers(5);
    return sent;
  }

  static String body(long seq, int step, long total, int payload) {
    StringBuilder b = new StringBuilder(payload + 64);
    b.append("{\"data\":{\"seq\":").append(seq).append(",\"s\":").append(step);
    b.append(",\"t\":").append(nowMicros());
    if (total > 0) {
      b.append(",\"n\":").append(total);
    }
    b.append(",\"pad\":\"");
    int pad = payload - (b.length() - 8) - 2; // the data object's JSON is `payload` bytes long
    b.append("x".repeat(Math.max(0, pad))).append("\"}}");
    return b.toString();
  }

  /** Sends one request without waiting for its answer (but for a free in-flight slot). */
  void send(String body) {
    if (mercureTopic != null) {
      // {"data":X} -> topic=...&data=X
      String data = body.substring("{\"data\":".length(), body.length() - 1);
      body =
          "topic="
              + URLEncoder.encode(mercureTopic, StandardCharsets.UTF_8)
              + "&data="
              + URLEncoder.encode(data, StandardCharsets.UTF_8);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try {
      if (!inFlight.tryAcquire(10, TimeUnit.SECONDS)) {
        fail("no answer to " + MAX_IN_FLIGHT + " requests for 10 s");
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      if (socket != null && requestsOnConnection >= REQUESTS_PER_CONNECTION) {
        inFlight.release(); // this request's slot, so that every answer can be awaited
        awaitAnswers(10);
        retire();
        inFlight.acquireUninterruptibly();
      }
      if (socket == null || socket.isClosed()) {
        connect();
      }
      requestsOnConnection++;
      unanswered.incrementAndGet();
      out.write((head + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      fail(e.toString());
      closeQuietly(); // the reader frees the slots of what this connection left unanswered
    }
  }

  /** Waits until every request sent has its answer, at most {@code seconds}. */
  boolean awaitAnswers(int seconds) {
    try {
      if (inFlight.tryAcquire(MAX_IN_FLIGHT, seconds, TimeUnit.SECONDS)) {
        inFlight.release(MAX_IN_FLIGHT);
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  private void retire() {
    Socket s = socket;
    socket = null;
    try {
      s.close(); // the reader sees a closed socket and ends quietly
    } catch (IOException ignored) {
      // retiring anyway
    }
  }

  private void connect() throws IOException {
    requestsOnConnection = 0;
    java.util.concurrent.atomic.AtomicInteger pending =
        new java.util.concurrent.atomic.AtomicInteger();
    unanswered = pending;
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.connect(server, 5000);
    socket = s;
    out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
    InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
    Thread reader = new Thread(() -> readAnswers(s, in, pending), "publisher-answers");
    reader.setDaemon(true);
    reader.start();
  }

  private void readAnswers(
      Socket s, InputStream in, java.util.concurrent.atomic.AtomicInteger unanswered) {
    try {
      while (!s.isClosed()) {
        int status = readResponse(in);
        if (status / 100 != 2) {
          fail("HTTP " + status);
        } else {
          acknowledged.incrementAndGet();
        }
        unanswered.decrementAndGet();
        inFlight.release();
      }
    } catch (IOException | RuntimeException e) {
      // the requests still unanswered on this connection are lost: free their slots
      int lost = unanswered.getAndSet(0);
      inFlight.release(lost);
      if (lost > 0) {
        fail(e + " (" + lost + " unanswered)");
      }
      if (!s.isClosed()) {
        try {
          s.close();
        } catch (IOException ignored) {
          // broken already
        }
      }
    }
  }

  private void fail(String error) {
    errorCount.incrementAndGet();
    lastError = error;
  }

  private static int readResponse(InputStream in) throws IOException {
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      String lower = h.toLowerCase();
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (chunked) {
      for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16);
          size > 0;
          size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
        in.skipNBytes(size);
        line(in);
      }
      line(in);
    } else if (length > 0) {
      in.skipNBytes(length);
    }
    return status;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  private void closeQuietly() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // reconnecting anyway
      }
    }
    socket = null;
  }

  @Override
  public void close() {
    awaitAnswers(5);
    if (socket != null) {
      retire();
    }
  }
}
