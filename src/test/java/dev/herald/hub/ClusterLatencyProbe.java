package dev.herald.hub;

import dev.herald.testing.HeraldNode;
import dev.herald.testing.RedisServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test (no {@code IT} suffix: {@code ./mvnw verify} leaves it out): one node
 * in memory, then two nodes on one Redis, their processes pinned to one CPU ({@code probe.cpu}) as
 * in the benchmark's cluster mode; {@code probe.subs} raw subscribers on one topic split between
 * the nodes, one publisher at {@code probe.rate}/s for {@code probe.seconds} on the first node, one
 * request after the other. Each event carries the time it was due, so a publisher that falls behind
 * shows as latency, as in the benchmark's pipelined publisher. It prints percentiles of the
 * publish's service time, how late each publish was sent, and publish-to-receive latency per node:
 *
 * <pre>
 * ./mvnw verify -Dit.test=ClusterLatencyProbe -Dit.payara.skip=true -Dtest=NoSuchTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dprobe.subs=20 | grep PROBE
 * </pre>
 */
class ClusterLatencyProbe {

  static final int SUBS = Integer.getInteger("probe.subs", 100);
  static final int RATE = Integer.getInteger("probe.rate", 100);
  static final int SECONDS = Integer.getInteger("probe.seconds", 10);
  static final String CPU = System.getProperty("probe.cpu", "0");

  @Test
  void probe() throws Exception {
    if (!Boolean.getBoolean("probe.skipSingle")) {
      try (HeraldNode single = HeraldNode.start("single", Map.of())) {
        pin();
        run("single", single, single);
      }
    }
    try (RedisServer redis = RedisServer.start()) {
      Map<String, String> settings = Map.of("redis.url", redis.url());
      try (HeraldNode one = HeraldNode.start("one", settings);
          HeraldNode two = HeraldNode.start("two", settings)) {
        pin();
        run("redis", one, two);
      }
    }
  }

  private static void pin() throws Exception {
    for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
      new ProcessBuilder("taskset", "-apc", CPU, Long.toString(child.pid()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    }
  }

  private static void run(String name, HeraldNode publisherNode, HeraldNode other)
      throws Exception {
    ConcurrentLinkedQueue<Long> same = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> far = new ConcurrentLinkedQueue<>();
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < SUBS; i++) {
      HeraldNode node = i % 2 == 0 ? publisherNode : other;
      sockets.add(subscribe(node, node == publisherNode ? same : far));
    }
    Thread.sleep(1000);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    // warm-up
    for (int i = 0; i < 200; i++) {
      post(http, publisherNode, -1);
    }
    Thread.sleep(500);
    same.clear();
    far.clear();
    long start = System.nanoTime();
    int count = RATE * SECONDS;
    long[] service = new long[count];
    long[] late = new long[count];
    for (int i = 0; i < count; i++) {
      long due = start + (long) (i * 1e9 / RATE);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      long before = System.nanoTime();
      late[i] = Math.max(0, before - due) / 1000;
      // the send time is the due time, so a publisher that falls behind shows as latency
      post(http, publisherNode, epochMicrosAt(due));
      service[i] = System.nanoTime() - before;
    }
    double achieved = count / ((System.nanoTime() - start) / 1e9);
    Thread.sleep(2000);
    for (Socket s : sockets) {
      s.close();
    }
    report(name + " publish-service", Arrays.stream(service).map(n -> n / 1000).toArray());
    report(name + " send-late", late);
    report(name + " same-node", same.stream().mapToLong(Long::longValue).toArray());
    report(name + " other-node", far.stream().mapToLong(Long::longValue).toArray());
    System.out.printf("PROBE %s achieved %.1f ev/s of %d%n", name, achieved, RATE);
  }

  private static final long NANO_ORIGIN = System.nanoTime();
  private static final long MICRO_ORIGIN =
      java.time.Instant.now().getEpochSecond() * 1_000_000
          + java.time.Instant.now().getNano() / 1000;

  private static long epochMicrosAt(long nanos) {
    return MICRO_ORIGIN + (nanos - NANO_ORIGIN) / 1000;
  }

  private static long nowMicros() {
    return epochMicrosAt(System.nanoTime());
  }

  private static void post(HttpClient http, HeraldNode node, long t) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(node.uri("/api/topics/probe/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"t\":" + t + "}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new AssertionError(r.statusCode() + " " + r.body());
    }
  }

  private static Socket subscribe(HeraldNode node, ConcurrentLinkedQueue<Long> into)
      throws Exception {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", node.uri("/").getPort()), 5000);
    socket
        .getOutputStream()
        .write(
            "GET /api/topics/probe/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  int at = line.indexOf("\"t\":");
                  if (at >= 0) {
                    int end = at + 4;
                    while (end < line.length()
                        && (Character.isDigit(line.charAt(end)) || line.charAt(end) == '-')) {
                      end++;
                    }
                    long t = Long.parseLong(line.substring(at + 4, end));
                    if (t > 0) {
                      into.add(nowMicros() - t);
                    }
                  }
                }
              } catch (Exception closed) {
                // done
              }
            },
            "probe-subscriber");
    reader.setDaemon(true);
    reader.start();
    return socket;
  }

  private static void report(String what, long[] micros) {
    if (micros.length == 0) {
      System.out.println("PROBE " + what + " none");
      return;
    }
    Arrays.sort(micros);
    System.out.printf(
        "PROBE %-22s n=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f ms%n",
        what,
        micros.length,
        micros[micros.length / 2] / 1e3,
        micros[(int) (micros.length * 0.9)] / 1e3,
        micros[(int) (micros.length * 0.99)] / 1e3,
        micros[micros.length - 1] / 1e3);
  }
}
