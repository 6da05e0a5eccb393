package dev.herald.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A fake OpenAI-compatible upstream for W5, in its own process: {@code POST .../chat/completions}
 * with {@code "stream":true} answers a chunked {@code text/event-stream} of {@code --tokens} chunks
 * shaped as OpenAI's {@code chat.completion.chunk}, at a rate drawn from 30 to 50 tokens/s per
 * stream, then {@code [DONE]}; the connection stays open for the next request. Each chunk's {@code
 * obfuscation} member (OpenAI pads chunks with one of that name) carries the time it was written,
 * epoch microseconds, so a client on this machine can tell the delay a relay adds. One thread, one
 * selector; it stops by itself after {@code --max-seconds}.
 */
public final class FakeChatUpstream {
  private static final String[] WORDS = {
    " The", " answer", " depends", " on", " what", " you", " measure", ",", " and", " how",
    " often", " it", " changes", ".", " In", " practice", " most", " streams", " are", " short"
  };
  private static final byte[] HEAD =
      ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOT_FOUND =
      "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
          .getBytes(StandardCharsets.US_ASCII);

  private final int tokens;
  private final PriorityQueue<Stream> due =
      new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));
  private long chunks;

  private FakeChatUpstream(int tokens) {
    this.tokens = tokens;
  }

  public static void main(String[] args) throws IOException {
    Options o = new Options(args);
    new FakeChatUpstream((int) o.number("tokens", 400))
        .serve((int) o.number("port", 18090), o.number("max-seconds", 1800));
  }

  private void serve(int port, long maxSeconds) throws IOException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    try (Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
      System.out.println("fake upstream on 127.0.0.1:" + port);
      long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < end) {
        Stream first = due.peek();
        long wait = first == null ? 100 : (first.dueNanos - System.nanoTime()) / 1_000_000;
        if (wait > 0) {
          selector.select(Math.min(wait, 100));
        } else {
          selector.selectNow();
        }
        for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
          SelectionKey key = it.next();
          it.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            SocketChannel c;
            while ((c = server.accept()) != null) {
              c.configureBlocking(false);
              c.socket().setTcpNoDelay(true);
              Stream s = new Stream(c);
              s.key = c.register(selector, SelectionKey.OP_READ, s);
            }
          } else {
            Stream s = (Stream) key.attachment();
            try {
              if (key.isWritable()) {
                s.flush(key);
              }
              if (key.isValid() && key.isReadable()) {
                s.read();
              }
            } catch (IOException e) {
              s.close();
            }
          }
        }
        long now = System.nanoTime();
        while (!due.isEmpty() && due.peek().dueNanos <= now) {
          Stream s = due.poll();
          try {
            s.next();
          } catch (IOException e) {
            s.close();
          }
        }
        if (now > nextReport) {
          System.out.printf("%d chunks written, %d streams due%n", chunks, due.size());
          nextReport = now + TimeUnit.SECONDS.toNanos(10);
        }
      }
    }
  }

  private final class Stream {
    final SocketChannel channel;
    final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    SelectionKey key;
    String id;
    long created;
    long intervalNanos;
    long dueNanos;
    int sent = -1;
    boolean streaming;
    boolean closed;

    Stream(SocketChannel channel) {
      this.channel = channel;
    }

    void read() throws IOException {
      int n = channel.read(in);
      if (n < 0) {
        close();
        return;
      }
      if (streaming) {
        return; // a client that sends more while its answer streams: read and ignore
      }
      String text = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
      int headEnd = text.indexOf("\r\n\r\n");
      if (headEnd < 0) {
        return;
      }
      int length = 0;
      for (String line : text.substring(0, headEnd).split("\r\n")) {
        if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      if (in.position() < headEnd + 4 + length) {
        return;
      }
      String body = text.substring(headEnd + 4, headEnd + 4 + length);
      in.clear();
      if (!text.startsWith("POST ") || !text.contains("/chat/completions ")) {
        write(ByteBuffer.wrap(NOT_FOUND));
        return;
      }
      streaming = true;
      sent = -1;
      ThreadLocalRandom r = ThreadLocalRandom.current();
      id = "chatcmpl-" + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
      created = System.currentTimeMillis() / 1000;
      intervalNanos = 1_000_000_000L / r.nextInt(30, 51);
      boolean stream = body.replace(" ", "").contains("\"stream\":true");
      write(ByteBuffer.wrap(HEAD));
      if (!stream) {
        streaming = false; // this fake streams only; say so as a final chunk and end
        chunk("data: {\"error\":{\"message\":\"stream only\"}}\n\n");
        write(ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        return;
      }
      dueNanos = System.nanoTime() + intervalNanos;
      due.add(this);
    }

    void next() throws IOException {
      if (closed) {
        return;
      }
      sent++;
      String delta;
      String finish = "null";
      if (sent == 0) {
        delta = "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}";
      } else if (sent <= tokens) {
        delta = "{\"content\":\"" + WORDS[(sent - 1) % WORDS.length] + "\"}";
      } else {
        delta = "{}";
        finish = "\"stop\"";
      }
      long now = Publisher.nowMicros();
      chunk(
          "data: {\"id\":\""
              + id
              + "\",\"object\":\"chat.completion.chunk\",\"created\":"
              + created
              + ",\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
              + "\"system_fingerprint\":\"fp_560af6e559\",\"choices\":[{\"index\":0,\"delta\":"
              + delta
              + ",\"logprobs\":null,\"finish_reason\":"
              + finish
              + "}],\"obfuscation\":\""
              + now
              + "\"}\n\n");
      chunks++;
      if (sent > tokens) {
        chunk("data: [DONE]\n\n");
        write(ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        streaming = false;
        return;
      }
      dueNanos += intervalNanos;
      due.add(this);
    }

    void chunk(String event) throws IOException {
      byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
      byte[] head = (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      ByteBuffer b = ByteBuffer.allocate(head.length + bytes.length + 2);
      b.put(head).put(bytes).put((byte) '\r').put((byte) '\n').flip();
      write(b);
    }

    void write(ByteBuffer b) throws IOException {
      if (out.isEmpty()) {
        channel.write(b);
      }
      if (b.hasRemaining()) {
        out.add(b);
        this.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
    }

    void flush(SelectionKey key) throws IOException {
      while (!out.isEmpty()) {
        ByteBuffer b = out.peek();
        channel.write(b);
        if (b.hasRemaining()) {
          return;
        }
        out.poll();
      }
      key.interestOps(SelectionKey.OP_READ);
    }

    void close() {
      closed = true;
      due.remove(this);
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
