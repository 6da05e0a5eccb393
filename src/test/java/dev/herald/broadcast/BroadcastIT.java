package dev.herald.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.broadcast.example.TicketFeed;
import dev.herald.broadcast.example.TicketsResource;
import dev.herald.testing.ShippedWar;
import dev.herald.testing.SseCollector;
import dev.herald.testing.SseEvent;
import dev.herald.testing.SseStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The standard JAX-RS SSE API over the hub, on the shipped WAR plus test-only classes: the feed and
 * resource of YOUR-OWN-STREAM.md ({@link TicketFeed}, {@link TicketsResource}) and {@link
 * BroadcastProbe}, which drives a broadcaster as an application would. "later" registers a sink off
 * its request thread (through JAX-RS); otherwise on it (Herald's own stream over the request).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BroadcastIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get()
        .addClasses(TicketFeed.class, TicketFeed.Sale.class, TicketsResource.class)
        .addClass(BroadcastProbe.class)
        .addClass(BroadcastProbe.class.getName() + "$Probe");
  }

  @ArquillianResource URL base;

  @Test
  void theReadmeFeedAndResourceStreamSalesThatResumeWithoutAGap() throws Exception {
    URI tickets = URI.create(base + "api/tickets");
    SseEvent last;
    try (SseCollector stream = SseCollector.open(tickets, Map.of())) {
      assertThat(stream.stream().response().statusCode()).isEqualTo(200);
      assertThat(stream.stream().response().headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      List<SseEvent> sales = stream.take(3, Duration.ofSeconds(5));
      for (int i = 0; i < sales.size(); i++) {
        assertThat(sales.get(i).type()).isEqualTo("sold");
        assertThat(number(sales.get(i))).isEqualTo(number(sales.get(0)) + i);
      }
      last = sales.get(2);
    }
    String lastId = last.id();
    awaitCondition(() -> !lastId.equals(lastEventId("tickets")), Duration.ofSeconds(5));
    try (SseCollector resumed = SseCollector.open(tickets, Map.of("Last-Event-ID", lastId))) {
      List<SseEvent> next = resumed.take(2, Duration.ofSeconds(5));
      assertThat(number(next.get(0)))
          .as("the first sale after the last one seen")
          .isEqualTo(number(last) + 1);
      assertThat(number(next.get(1))).isEqualTo(number(last) + 2);
    }
  }

  @ParameterizedTest(name = "registered later: {0}")
  @ValueSource(booleans = {false, true})
  void aRegisteredSinkResumesAfterItsLastEventIdWithoutAGap(boolean later) throws Exception {
    String topic = topic("resume");
    String first = broadcast(topic, "one", "type=note");
    try (SseCollector stream = subscribe(topic, later, Map.of())) {
      awaitCondition(() -> stats(topic).get("registered").asInt() == 1, Duration.ofSeconds(5));
      String second = broadcast(topic, "two\nlines", "id=order-2");
      SseEvent event = stream.next(Duration.ofSeconds(5));
      assertThat(event.id()).isEqualTo("order-2").isEqualTo(second);
      assertThat(event.data()).isEqualTo("two\nlines");
      assertThat(event.retry()).as("the hub's retry hint").isEqualTo(3000L);
    }
    broadcast(topic, "three", "");
    broadcast(topic, "four", "type=note");
    try (SseCollector resumed = subscribe(topic, later, Map.of("Last-Event-ID", first))) {
      List<SseEvent> events = resumed.take(3, Duration.ofSeconds(5));
      assertThat(events).extracting(SseEvent::data).containsExactly("two\nlines", "three", "four");
      assertThat(events).extracting(SseEvent::type).containsExactly("message", "message", "note");
      broadcast(topic, "five", "");
      assertThat(resumed.next(Duration.ofSeconds(5)).data()).as("then live").isEqualTo("five");
    }
  }

  @Test
  void aBroadcastIsValidatedLikeARestPublish() throws Exception {
    String topic = topic("rules");
    broadcast(topic, "x", "id=taken");
    assertProblem(post("api/probe/" + topic + "/events?id=taken", "text/plain", "x"), 409);
    assertProblem(post("api/probe/" + topic + "/events?id=12345", "text/plain", "x"), 400);
    assertProblem(post("api/probe/" + topic + "/events?type=a%0Ab", "text/plain", "x"), 400);
    assertThat(
            JSON.readTree(get(URI.create(base + "api/topics/" + topic)).body())
                .get("retained")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void jsonDataIsWrittenOnceByJackson() throws Exception {
    String topic = topic("json");
    try (SseCollector stream = subscribe(topic, false, Map.of())) {
      awaitCondition(() -> stats(topic).get("registered").asInt() == 1, Duration.ofSeconds(5));
      HttpResponse<String> sent =
          post("api/probe/" + topic + "/json", "application/json", "{\"text\":\"漢字 🎉\",\"n\":1}");
      assertThat(sent.statusCode()).isEqualTo(200);
      SseEvent event = stream.next(Duration.ofSeconds(5));
      assertThat(event.id()).isEqualTo(sent.body());
      assertThat(event.data()).isEqualTo("{\"text\":\"漢字 🎉\",\"n\":1}");
    }
  }

  @ParameterizedTest(name = "fired asynchronously: {0}")
  @ValueSource(booleans = {false, true})
  void aPublicationFiredAsACdiEventIsPublished(boolean async) throws Exception {
    String topic = topic("cdi");
    try (SseCollector stream =
        SseCollector.open(URI.create(base + "api/topics/" + topic + "/events"), Map.of())) {
      HttpResponse<String> fired =
          post(
              "api/probe/" + topic + "/publications?async=" + async,
              "application/json",
              "{\"n\":7}");
      assertThat(fired.statusCode()).isEqualTo(204);
      SseEvent event = stream.next(Duration.ofSeconds(5));
      assertThat(event.type()).isEqualTo("published");
      assertThat(event.data()).isEqualTo("{\"n\":7}");
    }
  }

  @ParameterizedTest(name = "registered later: {0}")
  @ValueSource(booleans = {false, true})
  void aClientThatLeavesFiresOnCloseAndLeavesTheHub(boolean later) throws Exception {
    String topic = topic("leaves");
    SseCollector stream = subscribe(topic, later, Map.of());
    awaitCondition(() -> stats(topic).get("registered").asInt() == 1, Duration.ofSeconds(5));
    assertThat(stats(topic).get("closed").asInt()).isZero();
    stream.close();
    // the server learns of a silent client at the latest when a heartbeat (1 s here) fails
    awaitCondition(() -> stats(topic).get("closed").asInt() == 1, Duration.ofSeconds(10));
    assertThat(stats(topic).get("registered").asInt()).isZero();
    awaitCondition(() -> subscribers(topic) == 0, Duration.ofSeconds(5));
  }

  @Test
  void closingABroadcasterEndsItsOwnSinksAndNoOtherSubscriber() throws Exception {
    String topic = topic("close");
    try (SseCollector own = subscribe(topic, false, Map.of());
        SseCollector other =
            SseCollector.open(URI.create(base + "api/topics/" + topic + "/events"), Map.of())) {
      awaitCondition(() -> subscribers(topic) == 2, Duration.ofSeconds(5));
      HttpResponse<String> closed =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "api/probe/" + topic)).DELETE().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(closed.statusCode()).isEqualTo(204);
      assertThat(own.next(Duration.ofSeconds(5))).as("the broadcaster's sink ended").isNull();
      assertThat(stats(topic).get("closed").asInt()).isEqualTo(1);
      awaitCondition(() -> subscribers(topic) == 1, Duration.ofSeconds(5));
      post("api/topics/" + topic + "/events", "application/json", "{\"data\":\"still\"}");
      assertThat(other.next(Duration.ofSeconds(5)).data()).isEqualTo("\"still\"");
    }
  }

  @Test
  void sinksThatStopReadingAreDroppedWithoutDelayingOthers() throws Exception {
    String topic = topic("stalled");
    // more than the hub's writers (4), so a stalled sink that held a writer would stop the hub
    int stalledClients = 6;
    int maximum = 5000;
    String payload = "y".repeat(8 * 1024);
    List<Socket> stalled = new ArrayList<>();
    try (SseStream healthy = SseStream.open(URI.create(base + "api/probe/" + topic + "/events"))) {
      for (int i = 0; i < stalledClients; i++) {
        stalled.add(rawSubscriber("api/probe/" + topic + "/events"));
      }
      awaitCondition(
          () -> stats(topic).get("registered").asInt() == stalledClients + 1,
          Duration.ofSeconds(5));
      AtomicInteger received = new AtomicInteger();
      ExecutorService reader = Executors.newSingleThreadExecutor();
      Future<Long> lastArrival =
          reader.submit(
              () -> {
                while (!healthy.next().data().equals("last")) {
                  received.incrementAndGet();
                }
                return System.nanoTime();
              });
      long start = System.nanoTime();
      int published = 0;
      while (published < maximum && stats(topic).get("registered").asInt() > 1) {
        broadcast(topic, payload + published, "");
        published++;
      }
      broadcast(topic, "last", "");
      long end = System.nanoTime();
      long arrived = lastArrival.get(20, TimeUnit.SECONDS);
      reader.shutdownNow();

      System.out.printf(
          "broadcast stalled: %d x 8 KiB in %d ms, healthy sink had all %d ms after the last%n",
          published, (end - start) / 1_000_000, (arrived - end) / 1_000_000);
      assertThat(received.get()).isEqualTo(published);
      assertThat((arrived - end) / 1_000_000).isLessThan(2000);
      JsonNode stats = stats(topic);
      assertThat(stats.get("registered").asInt()).isEqualTo(1);
      assertThat(stats.get("closed").asInt())
          .as("onClose for each dropped sink")
          .isEqualTo(stalledClients);
      for (Socket client : stalled) {
        assertThat(endsWithin(client, Duration.ofSeconds(10)))
            .as("the stalled sink's stream was ended")
            .isTrue();
      }
    } finally {
      for (Socket client : stalled) {
        client.close();
      }
    }
  }

  private SseCollector subscribe(String topic, boolean later, Map<String, String> headers)
      throws IOException {
    SseCollector stream =
        SseCollector.open(
            URI.create(base + "api/probe/" + topic + "/events" + (later ? "?later=true" : "")),
            headers);
    assertThat(stream.stream().response().statusCode()).isEqualTo(200);
    return stream;
  }

  private String broadcast(String topic, String text, String query) throws Exception {
    HttpResponse<String> response =
        post(
            "api/probe/" + topic + "/events" + (query.isEmpty() ? "" : "?" + query),
            "text/plain",
            text);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode stats(String topic) {
    try {
      return JSON.readTree(get(URI.create(base + "api/probe/" + topic + "/stats")).body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private int subscribers(String topic) {
    try {
      HttpResponse<String> info = get(URI.create(base + "api/topics/" + topic));
      return info.statusCode() == 404 ? 0 : JSON.readTree(info.body()).get("subscribers").asInt();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String lastEventId(String topic) {
    try {
      return JSON.readTree(get(URI.create(base + "api/topics/" + topic)).body())
          .get("lastEventId")
          .asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long number(SseEvent event) throws IOException {
    return JSON.readTree(event.data()).get("number").asLong();
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertProblem(HttpResponse<String> response, int status) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(response.body()).get("status").asInt()).isEqualTo(status);
  }

  private static String topic(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static void awaitCondition(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      Thread.sleep(20);
    }
  }

  /** A subscriber on a plain socket that reads nothing until the test reads. */
  private Socket rawSubscriber(String path) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET "
                + base.getPath()
                + path
                + " HTTP/1.1\r\nHost: "
                + base.getHost()
                + "\r\nAccept: text/event-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return socket;
  }

  /** True if in time the connection closed or was reset, or the chunked response ended. */
  private static boolean endsWithin(Socket socket, Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    byte[] buffer = new byte[64 * 1024];
    String tail = "";
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        int read = socket.getInputStream().read(buffer);
        if (read < 0) {
          return true;
        }
        tail = tail + new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
        if (tail.endsWith("\r\n0\r\n\r\n")) {
          return true;
        }
        tail = tail.substring(Math.max(0, tail.length() - 8));
      }
      return false;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }
}
