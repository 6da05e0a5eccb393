package dev.herald.bench;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One SSE subscription: decodes the HTTP response (plain or chunked) and the event stream
 * incrementally, keeping only the first bytes of each line, so 19k of them stay small.
 */
final class Subscriber {
  static final int MAX_STEPS = 32;
  private static final int LINE_PREFIX = 160;
  private static final int MAX_HEADER = 8192;

  /** What a finished event told us; read by the loop that records it. */
  interface Events {
    void onEvent(Subscriber s, long seq, int step, long sentMicros, long total);
  }

  final SocketChannel channel;
  final int index;

  private byte[] header = new byte[512];
  private int headerLen;
  boolean open; // 200 received
  boolean failed;
  int status;
  private boolean chunked;

  // chunked decoding
  private static final int SIZE = 0, DATA = 1, DATA_END = 2;
  private int chunkState = SIZE;
  private long chunkLeft;
  private long chunkSize;
  private boolean chunkSizeDone;

  // event stream decoding
  private final byte[] line = new byte[LINE_PREFIX];
  private int lineLen;
  private boolean pending;
  private long seq;
  private int step;
  private long sent;
  private long total;

  // delivery accounting, written by the owning loop, read after a drain
  volatile long lastSeq;
  volatile long received;
  volatile long lost;
  volatile long outOfOrder;
  volatile boolean warmed;

  Subscriber(SocketChannel channel, int index) {
    this.channel = channel;
    this.index = index;
  }

  static ByteBuffer request(String host, String path) {
    String r =
        "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n\r\n";
    return ByteBuffer.wrap(r.getBytes(StandardCharsets.US_ASCII));
  }

  /** Feeds bytes read from the socket; returns false when the response is not a 200 stream. */
  boolean feed(ByteBuffer buf, Events events) {
    if (!open) {
      while (buf.hasRemaining()) {
        if (headerLen == header.length) {
          if (header.length >= MAX_HEADER) {
            failed = true;
            return false;
          }
          header = java.util.Arrays.copyOf(header, header.length * 2);
        }
        header[headerLen++] = buf.get();
        if (headerLen >= 4
            && header[headerLen - 1] == '\n'
            && header[headerLen - 2] == '\r'
            && header[headerLen - 3] == '\n'
            && header[headerLen - 4] == '\r') {
          String head = new String(header, 0, headerLen, StandardCharsets.ISO_8859_1);
          status = Integer.parseInt(head.substring(9, 12));
          chunked = head.toLowerCase().contains("transfer-encoding: chunked");
          header = null;
          if (status != 200) {
            failed = true;
            return false;
          }
          open = true;
          break;
        }
      }
    }
    if (!chunked) {
      stream(buf, buf.position(), buf.limit(), events);
      return true;
    }
    while (buf.hasRemaining()) {
      switch (chunkState) {
        case SIZE -> {
          byte b = buf.get();
          if (b == '\n') {
            if (chunkSize == 0) {
              return false; // last chunk: the server ended the stream
            }
            chunkLeft = chunkSize;
            chunkSize = 0;
            chunkSizeDone = false;
            chunkState = DATA;
          } else if (b == ';' || b == '\r') {
            chunkSizeDone = true;
          } else if (!chunkSizeDone) {
            chunkSize = chunkSize * 16 + Character.digit(b, 16);
          }
        }
        case DATA -> {
          int n = (int) Math.min(chunkLeft, buf.remaining());
          int from = buf.position();
          stream(buf, from, from + n, events);
          buf.position(from + n);
          chunkLeft -= n;
          if (chunkLeft == 0) {
            chunkState = DATA_END;
          }
        }
        default -> {
          if (buf.get() == '\n') {
            chunkState = SIZE;
          }
        }
      }
    }
    return true;
  }

  private void stream(ByteBuffer buf, int from, int to, Events events) {
    for (int i = from; i < to; i++) {
      byte b = buf.get(i);
      if (b == '\n') {
        endLine(events);
      } else if (b != '\r') {
        if (lineLen < LINE_PREFIX) {
          line[lineLen] = b;
        }
        lineLen++;
      }
    }
    buf.position(to);
  }

  private void endLine(Events events) {
    int n = Math.min(lineLen, LINE_PREFIX);
    if (lineLen == 0) {
      if (pending) {
        pending = false;
        events.onEvent(this, seq, step, sent, total);
      }
    } else if (n >= 5
        && line[0] == 'd'
        && line[1] == 'a'
        && line[2] == 't'
        && line[3] == 'a'
        && line[4] == ':') {
      seq = field(n, "\"seq\":", Long.MIN_VALUE);
      if (seq != Long.MIN_VALUE) {
        step = (int) field(n, "\"s\":", 0);
        sent = field(n, "\"t\":", 0);
        total = field(n, "\"n\":", 0);
        pending = true;
      }
    }
    lineLen = 0;
  }

  private long field(int n, String name, long missing) {
    outer:
    for (int i = 0; i + name.length() < n; i++) {
      for (int j = 0; j < name.length(); j++) {
        if (line[i + j] != name.charAt(j)) {
          continue outer;
        }
      }
      int k = i + name.length();
      boolean negative = k < n && line[k] == '-';
      if (negative) {
        k++;
      }
      long v = 0;
      boolean any = false;
      while (k < n && line[k] >= '0' && line[k] <= '9') {
        v = v * 10 + (line[k++] - '0');
        any = true;
      }
      return any ? (negative ? -v : v) : missing;
    }
    return missing;
  }
}
