package dev.herald.chat.boundary;

import static dev.herald.chat.boundary.ChatIT.HTTP;
import static dev.herald.chat.boundary.ChatIT.JSON;
import static dev.herald.chat.boundary.ChatIT.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.testing.FakeUpstream;
import dev.herald.testing.ShippedWar;
import dev.herald.testing.SseEvent;
import dev.herald.testing.SseStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The relay to an OpenAI-compatible upstream: the fake one {@link FakeUpstream} that the test run
 * starts, which Herald reaches with the key {@code sk-it-secret} (see arquillian.xml).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatRelayIT {

  private static final String KEY = "sk-it-secret";

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource URL base;

  private final FakeUpstream fake = FakeUpstream.get();

  @Test
  void relaysTheFirstChunkBeforeTheUpstreamHasFinished() throws Exception {
    fake.reset("fake-slow");
    CountDownLatch gate = fake.holdSlow();
    try (SseStream stream = SseStream.open(chatRequest(request("fake-slow", "hi", "")))) {
      assertThat(stream.response().statusCode()).isEqualTo(200);
      SseEvent first = stream.next();

      assertThat(JSON.readTree(first.data()).at("/choices/0/delta/content").asText())
          .isEqualTo("first");
      assertThat(fake.finished("fake-slow")).as("upstream still sending").isNotDone();

      gate.countDown();
      assertThat(JSON.readTree(stream.next().data()).at("/choices/0/delta/content").asText())
          .isEqualTo(" then the rest");
      assertThat(stream.next().data()).isEqualTo("[DONE]");
      assertThat(stream.next()).isNull();
    } finally {
      gate.countDown();
    }
  }

  @Test
  void sendsTheKeyToTheUpstreamOnlyAndPassesUnknownFieldsOn() throws Exception {
    fake.reset("fake-fast");
    String body = request("fake-fast", "hi", ",\"temperature\":0.2,\"user\":\"u-42\"");
    List<String> data = new ArrayList<>();
    HttpResponse<?> response;
    try (SseStream stream = SseStream.open(chatRequest(body))) {
      response = stream.response();
      for (SseEvent event = stream.next(); event != null; event = stream.next()) {
        data.add(event.data());
      }
    }

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(data).hasSize(4).endsWith("[DONE]");
    assertThat(String.join("", data)).doesNotContain(KEY);
    assertThat(response.headers().map().toString()).doesNotContain(KEY);
    FakeUpstream.Seen seen = fake.seen("fake-fast");
    assertThat(seen.authorization()).isEqualTo("Bearer " + KEY);
    assertThat(seen.body()).isEqualTo(JSON.readTree(body));
  }

  @Test
  void relaysANonStreamingAnswer() throws Exception {
    HttpResponse<String> response =
        post(request("fake-fast", "hi", "").replace("\"stream\":true", "\"stream\":false"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode completion = JSON.readTree(response.body());
    assertThat(completion.at("/choices/0/message/content").asText()).isEqualTo("Hello, world");
  }

  @Test
  void listsTheUpstreamsModelsAndTheDemo() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "api/models")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).findValuesAsText("id"))
        .containsExactly("fake-fast", "fake-slow", "herald-echo");
    assertThat(fake.modelsAuthorization()).isEqualTo("Bearer " + KEY);
    assertThat(response.body()).doesNotContain(KEY);
  }

  // last: after a client abort the next relayed stream hung (see the disabled test below)
  @Test
  @Order(Integer.MAX_VALUE - 1)
  void cancelsTheUpstreamWithinASecondOfTheClientLeaving() throws Exception {
    fake.reset("fake-endless");
    long left;
    try (SseStream stream = SseStream.open(chatRequest(request("fake-endless", "hi", "")))) {
      assertThat(stream.response().statusCode())
          .as(() -> "answer: " + readRest(stream))
          .isEqualTo(200);
      assertThat(stream.next().data()).contains("tick 0");
      assertThat(stream.next().data()).contains("tick 1");
      left = System.nanoTime();
      stream.response().body().close();
    }
    long closed = fake.closed("fake-endless").get(5, TimeUnit.SECONDS);
    assertThat((closed - left) / 1_000_000).as("ms until the upstream saw it").isLessThan(1000);
  }

  @ParameterizedTest
  @CsvSource({
    "fake-500, 502, HTTP 500",
    "fake-401, 502, rejected Herald's API key",
    "fake-hang, 504, did not start answering within 1000 ms",
    "fake-unknown, 404, does not exist",
  })
  void turnsAnUpstreamFailureIntoAClearError(String model, int status, String message)
      throws Exception {
    for (boolean stream : new boolean[] {true, false}) {
      long start = System.nanoTime();
      HttpResponse<String> response =
          post(request(model, "hi", "").replace("\"stream\":true", "\"stream\":" + stream));

      assertThat(response.statusCode())
          .as("stream %s: %s", stream, response.body())
          .isEqualTo(status);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode error = JSON.readTree(response.body()).get("error");
      assertThat(error.get("message").asText()).contains(message);
      assertThat(response.body()).doesNotContain(KEY);
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5000);
    }
  }

  @Test
  void endsTheStreamWithAnErrorEventOnAMalformedChunk() throws Exception {
    List<SseEvent> events = new ArrayList<>();
    try (SseStream stream = SseStream.open(chatRequest(request("fake-malformed", "hi", "")))) {
      assertThat(stream.response().statusCode()).isEqualTo(200);
      for (SseEvent event = stream.next(); event != null; event = stream.next()) {
        events.add(event);
      }
    }

    assertThat(events).hasSize(2);
    assertThat(JSON.readTree(events.get(0).data()).at("/choices/0/delta/content").asText())
        .isEqualTo("Hello");
    JsonNode error = JSON.readTree(events.get(1).data()).get("error");
    assertThat(error.get("message").asText()).contains("not JSON");
    assertThat(error.get("type").asText()).isEqualTo("upstream_error");
  }

  @Test
  void aClientThatStopsReadingHoldsNoRelayThread() throws Exception {
    // more stalled clients than the relay has threads (Upstream.THREADS): with blocking writes
    // each held one until the server's write timeout (20 s), and every other relay waited
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        stalled.add(stalledClient(request("fake-flood", "hi", "")));
      }
      Thread.sleep(2000); // the relays fill what the stalled connections hold
      fake.reset("fake-fast");
      long started = System.nanoTime();
      List<String> data = new ArrayList<>();
      try (SseStream stream = SseStream.open(chatRequest(request("fake-fast", "hi", "")))) {
        for (SseEvent event = stream.next(); event != null; event = stream.next()) {
          data.add(event.data());
        }
      }
      assertThat(data).endsWith("[DONE]");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("a relay beside four stalled ones, well within the write timeout")
          .isLessThan(Duration.ofSeconds(10));
    } finally {
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  /** A client that sends its request and never reads the answer, through a small buffer. */
  private Socket stalledClient(String body) throws Exception {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
    byte[] json = body.getBytes(StandardCharsets.UTF_8);
    socket
        .getOutputStream()
        .write(
            ("POST /api/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: application/json\r\nContent-Length: "
                    + json.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().write(json);
    socket.getOutputStream().flush();
    return socket;
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void relaysTheNextStreamAfterAClientLeft() throws Exception {
    cancelsTheUpstreamWithinASecondOfTheClientLeaving();
    sendsTheKeyToTheUpstreamOnlyAndPassesUnknownFieldsOn();
  }

  private static String readRest(SseStream stream) {
    try {
      return new String(stream.response().body().readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private HttpRequest chatRequest(String body) {
    return HttpRequest.newBuilder(URI.create(base + "api/chat/completions"))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private HttpResponse<String> post(String body) throws Exception {
    return HTTP.send(chatRequest(body), HttpResponse.BodyHandlers.ofString());
  }
}
