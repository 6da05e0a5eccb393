package dev.herald.bench.rawnio;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The line of what this machine allows: Herald's subscribe/publish API as a plain NIO fan-out on
 * one thread, no framework. Each event is encoded once and written to every subscriber; a
 * subscriber whose unsent bytes pass {@link #MAX_BACKLOG} is dropped. Usage: RawNioPeer PORT.
 */
public final class RawNioPeer {
  private static final int MAX_BACKLOG = 4 << 20;
  private static final int MAX_REQUEST = 1 << 20;
  private static final long HEARTBEAT_NANOS = 15_000_000_000L;
  private static final byte[] STREAM_HEAD =
      ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
              + "X-Accel-Buffering: no\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

  private final Selector selector;
  private final Map<String, List<Conn>> topics = new HashMap<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
  private long ids;

  /** One client connection: a request being read, or a stream being fed. */
  private static final class Conn {
    final SocketChannel ch;
    byte[] req = new byte[1024];
    int reqLen;
    String topic;
    final ArrayDeque<ByteBuffer> backlog = new ArrayDeque<>();
    int backlogBytes;

    Conn(SocketChannel ch) {
      this.ch = ch;
    }
  }

  private RawNioPeer(int port) throws IOException {
    selector = Selector.open();
    ServerSocketChannel server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
  }

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
    System.out.println("raw-nio peer on 127.0.0.1:" + port);
    new RawNioPeer(port).run();
  }

  private void run() throws IOException {
    long nextHeartbeat = System.nanoTime() + HEARTBEAT_NANOS;
    while (true) {
      selector.select(1000);
      for (SelectionKey key : selector.selectedKeys()) {
        if (!key.isValid()) {
          continue;
        }
        if (key.isAcceptable()) {
          accept((ServerSocketChannel) key.channel());
          continue;
        }
        Conn c = (Conn) key.attachment();
        try {
          if (key.isWritable()) {
            flush(c, key);
          }
          if (key.isValid() && key.isReadable()) {
            read(c, key);
          }
        } catch (IOException e) {
          close(c, key);
        }
      }
      selector.selectedKeys().clear();
      if (System.nanoTime() >= nextHeartbeat) {
        nextHeartbeat = System.nanoTime() + HEARTBEAT_NANOS;
        for (List<Conn> subs : topics.values()) {
          broadcast(subs, HEARTBEAT);
        }
      }
    }
  }

  private void accept(ServerSocketChannel server) throws IOException {
    for (SocketChannel ch = server.accept(); ch != null; ch = server.accept()) {
      ch.configureBlocking(false);
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.register(selector, SelectionKey.OP_READ, new Conn(ch));
    }
  }

  private void read(Conn c, SelectionKey key) throws IOException {
    readBuffer.clear();
    int n = c.ch.read(readBuffer);
    if (n < 0) {
      close(c, key);
      return;
    }
    if (c.topic != null) {
      return; // a subscriber sends nothing more; reading only notices it left
    }
    readBuffer.flip();
    if (c.reqLen + n > c.req.length) {
      if (c.reqLen + n > MAX_REQUEST) {
        close(c, key);
        return;
      }
      c.req = java.util.Arrays.copyOf(c.req, Math.max(c.req.length * 2, c.reqLen + n));
    }
    readBuffer.get(c.req, c.reqLen, n);
    c.reqLen += n;
    while (c.topic == null && handleRequest(c, key)) {
      // keep-alive: several requests may have arrived together
    }
  }

  /** Handles one complete request at the head of the buffer; false when it is not complete. */
  private boolean handleRequest(Conn c, SelectionKey key) throws IOException {
    String text = new String(c.req, 0, c.reqLen, StandardCharsets.ISO_8859_1);
    int headEnd = text.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      return false;
    }
    String[] lines = text.substring(0, headEnd).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    int length = 0;
    for (String h : lines) {
      if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
        length = Integer.parseInt(h.substring(15).trim());
      }
    }
    int total = headEnd + 4 + length;
    if (c.reqLen < total) {
      return false;
    }
    String body = text.substring(headEnd + 4, total);
    System.arraycopy(c.req, total, c.req, 0, c.reqLen - total);
    c.reqLen -= total;

    String[] parts = requestLine.length > 1 ? requestLine[1].split("/") : new String[0];
    boolean route =
        parts.length == 5
            && parts[1].equals("api")
            && parts[2].equals("topics")
            && parts[4].equals("events");
    if (!route) {
      respond(c, "404 Not Found", "{\"status\":404}");
    } else if (requestLine[0].equals("GET")) {
      c.topic = parts[3];
      c.req = null;
      topics.computeIfAbsent(c.topic, t -> new ArrayList<>()).add(c);
      send(c, ByteBuffer.wrap(STREAM_HEAD), key);
    } else if (requestLine[0].equals("POST")) {
      int colon = body.indexOf(':', body.indexOf("\"data\""));
      int end = body.lastIndexOf('}');
      if (body.indexOf("\"data\"") < 0 || colon < 0 || end <= colon) {
        respond(c, "400 Bad Request", "{\"status\":400,\"detail\":\"no data\"}");
        return true;
      }
      String data = body.substring(colon + 1, end).trim().replace("\r", "").replace("\n", "");
      long id = ++ids;
      byte[] event = ("id: " + id + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
      broadcast(topics.getOrDefault(parts[3], List.of()), event);
      respond(
          c,
          "201 Created",
          "{\"id\":\"" + id + "\",\"topic\":\"" + parts[3] + "\",\"type\":\"message\"}");
    } else {
      respond(c, "405 Method Not Allowed", "{\"status\":405}");
    }
    return true;
  }

  private void respond(Conn c, String status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    ByteBuffer b = ByteBuffer.allocate(head.length() + body.length);
    b.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
    send(c, b, c.ch.keyFor(selector));
  }

  private void broadcast(List<Conn> subs, byte[] event) {
    for (int i = subs.size() - 1; i >= 0; i--) {
      Conn c = subs.get(i);
      SelectionKey key = c.ch.keyFor(selector);
      try {
        send(c, ByteBuffer.wrap(event), key);
      } catch (IOException e) {
        close(c, key);
      }
    }
  }

  private void send(Conn c, ByteBuffer b, SelectionKey key) throws IOException {
    if (c.backlog.isEmpty()) {
      c.ch.write(b);
      if (!b.hasRemaining()) {
        return;
      }
    }
    if (c.backlogBytes + b.remaining() > MAX_BACKLOG) {
      throw new IOException("slow subscriber dropped");
    }
    ByteBuffer copy = ByteBuffer.allocate(b.remaining()).put(b).flip();
    c.backlog.add(copy);
    c.backlogBytes += copy.remaining();
    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
  }

  private void flush(Conn c, SelectionKey key) throws IOException {
    while (!c.backlog.isEmpty()) {
      ByteBuffer b = c.backlog.peek();
      c.ch.write(b);
      if (b.hasRemaining()) {
        return;
      }
      c.backlogBytes -= b.capacity();
      c.backlog.poll();
    }
    key.interestOps(SelectionKey.OP_READ);
  }

  private void close(Conn c, SelectionKey key) {
    if (c.topic != null) {
      List<Conn> subs = topics.get(c.topic);
      if (subs != null) {
        subs.remove(c);
      }
    }
    if (key != null) {
      key.cancel();
    }
    try {
      c.ch.close();
    } catch (IOException ignored) {
      // gone already
    }
  }
}
