package dev.herald.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes over one keep-alive HTTP/1.1 connection, one request at a time, so events reach the
 * server in sequence order. Each event carries its sequence number, step and send time (epoch
 * microseconds, so subscriber processes on this machine can compute latency).
 */
final class Publisher implements AutoCloseable {
  private final InetSocketAddress server;
  private final String head;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  long errors;
  String lastError = "";

  Publisher(InetSocketAddress server, String path) {
    this.server = server;
    this.head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: "
            + server.getHostString()
            + ":"
            + server.getPort()
            + "\r\nContent-Type: application/json\r\nContent-Length: ";
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  /** Publishes {@code count} events at {@code rate}/s; stops early after {@code maxNanos}. */
  long publish(long firstSeq, long count, int rate, int step, int payload, long maxNanos) {
    long start = System.nanoTime();
    long sent = 0;
    for (long i = 0; i < count; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (System.nanoTime() - start > maxNanos) {
        break;
      }
      send(body(firstSeq + i, step, 0, payload));
      sent++;
    }
    // the step lasts its whole period, so `sent / elapsed` is the rate and not one interval more
    long end = start + (long) (count * 1e9 / rate) - System.nanoTime();
    if (end > 0) {
      LockSupport.parkNanos(end);
    }
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

  boolean send(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        if (socket == null) {
          socket = new Socket();
          socket.setTcpNoDelay(true);
          socket.connect(server, 5000);
          socket.setSoTimeout(10_000);
          out = socket.getOutputStream();
          in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }
        out.write((head + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        int status = readResponse();
        if (status / 100 != 2) {
          errors++;
          lastError = "HTTP " + status;
          return false;
        }
        return true;
      } catch (IOException e) {
        lastError = e.toString();
        closeQuietly();
      }
    }
    errors++;
    return false;
  }

  private int readResponse() throws IOException {
    String statusLine = line();
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      String lower = h.toLowerCase();
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      }
    }
    if (chunked) {
      for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
          size > 0;
          size = Long.parseLong(line().split(";")[0].trim(), 16)) {
        in.skipNBytes(size);
        line();
      }
      line();
    } else if (length > 0) {
      in.skipNBytes(length);
    }
    if (close) {
      closeQuietly();
    }
    return status;
  }

  private String line() throws IOException {
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
    closeQuietly();
  }
}
