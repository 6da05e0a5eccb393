package dev.herald.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A subscriber on a raw socket: every byte of its stream, as it came. */
public final class RawSubscriber implements AutoCloseable {
  private final Socket socket;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final Thread reader;

  private RawSubscriber(Socket socket) {
    this.socket = socket;
    this.reader = new Thread(this::read, "raw-subscriber");
    reader.setDaemon(true);
    reader.start();
  }

  public static RawSubscriber open(String host, int port, String topic) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket
        .getOutputStream()
        .write(
            ("GET /api/topics/"
                    + topic
                    + "/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    return new RawSubscriber(socket);
  }

  private void read() {
    byte[] buffer = new byte[8192];
    try {
      InputStream in = socket.getInputStream();
      int n;
      while ((n = in.read(buffer)) != -1) {
        synchronized (received) {
          received.write(buffer, 0, n);
          received.notifyAll();
        }
      }
    } catch (IOException closed) {
      // the test closed the socket
    }
  }

  /** The stream's events (after its head, de-chunked) once {@code marker} has arrived. */
  public String until(String marker, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (received) {
      while (true) {
        RawHttp.Answer answer = RawHttp.parse(received.toByteArray());
        String text = answer.text();
        int at = text.indexOf(marker);
        int end = at < 0 ? -1 : text.indexOf("\n\n", at);
        if (end >= 0) {
          assertThat(answer.status()).isEqualTo(200);
          return text.substring(0, end + 2);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("the subscriber did not get " + marker.trim() + ": " + text);
        }
        received.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
