package dev.herald.clock.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.ShippedWar;
import dev.herald.testing.SseEvent;
import dev.herald.testing.SseStream;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClockIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource URL base;

  private URI clock(String query) {
    return URI.create(base + "api/clock" + query);
  }

  @Test
  void streamsEachEventWhenItIsSentNotAtTheEnd() throws Exception {
    List<SseEvent> events = new ArrayList<>();
    long start = System.nanoTime();
    try (SseStream stream = SseStream.open(clock("?count=3&interval=500"))) {
      assertThat(stream.response().statusCode()).isEqualTo(200);
      assertThat(stream.response().headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      for (SseEvent event = stream.next(); event != null; event = stream.next()) {
        events.add(event);
      }
    }
    long totalMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(events).extracting(SseEvent::id).containsExactly("1", "2", "3");
    assertThat(events).extracting(SseEvent::type).containsOnly("message");
    assertThat(millisBetween(events.get(0), events.get(1))).isBetween(350L, 1500L);
    assertThat(millisBetween(events.get(1), events.get(2))).isBetween(350L, 1500L);
    assertThat(totalMillis).as("the server ends the stream after the last event").isLessThan(5000);
  }

  @Test
  void eachEventHasTheDemosShapeAndOnlyTheFirstCarriesRetry() throws Exception {
    List<SseEvent> events = readAll(clock("?count=2&interval=50"), Map.of());

    assertThat(events).hasSize(2);
    for (int i = 0; i < events.size(); i++) {
      JsonNode data = JSON.readTree(events.get(i).data());
      assertThat(data.size()).isEqualTo(2);
      assertThat(data.get("data").asText()).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
      assertThat(data.get("count").isInt()).isTrue();
      assertThat(data.get("count").asInt()).isEqualTo(i + 1);
    }
    assertThat(events.get(0).retry()).isNotNull().isPositive();
    assertThat(events.get(1).retry()).isNull();
  }

  @Test
  void resumesAfterTheLastEventIdTheClientSaw() throws Exception {
    List<SseEvent> events = readAll(clock("?count=5&interval=50"), Map.of("Last-Event-ID", "3"));

    assertThat(events).extracting(SseEvent::id).containsExactly("4", "5");
    assertThat(JSON.readTree(events.get(0).data()).get("count").asInt()).isEqualTo(4);
  }

  @ParameterizedTest
  @CsvSource({"3,3", "3,4", "1,99999999999999999999"})
  void answers204WhenTheClientHasSeenTheEnd(int count, String lastEventId) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(clock("?count=" + count + "&interval=50"))
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", lastEventId)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "?count=0, count, 1, 1000",
    "?count=1001, count, 1, 1000",
    "?count=ten, count, 1, 1000",
    "?count=-1, count, 1, 1000",
    "?interval=49, interval, 50, 60000",
    "?interval=60001, interval, 50, 60000",
    "?interval=1.5, interval, 50, 60000",
  })
  void rejectsABadParameterWithAProblemNamingItAndItsBounds(
      String query, String parameter, int minimum, int maximum) throws Exception {
    HttpResponse<String> response = get(clock(query), Map.of());

    assertProblem(response, parameter);
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("minimum").asInt()).isEqualTo(minimum);
    assertThat(problem.get("maximum").asInt()).isEqualTo(maximum);
    assertThat(problem.get("detail").asText()).contains(parameter, "" + minimum, "" + maximum);
  }

  @ParameterizedTest
  @CsvSource({"abc", "-1", "1.0"})
  void rejectsALastEventIdThatIsNotACount(String lastEventId) throws Exception {
    assertProblem(get(clock("?count=3"), Map.of("Last-Event-ID", lastEventId)), "Last-Event-ID");
  }

  @Test
  void tellsProxiesNotToBufferOrCompressTheStream() throws Exception {
    try (SseStream stream =
        SseStream.open(clock("?count=1&interval=50"), Map.of("Accept-Encoding", "gzip"))) {
      var headers = stream.response().headers();
      assertThat(headers.firstValue("Cache-Control"))
          .hasValueSatisfying(value -> assertThat(value).contains("no-cache"));
      assertThat(headers.firstValue("X-Accel-Buffering")).hasValue("no");
      assertThat(headers.firstValue("Content-Encoding")).isEmpty();
    }
  }

  @Test
  void aJaxRsSseEventSourceReceivesEveryEvent() throws Exception {
    Client client = ClientBuilder.newClient();
    List<InboundSseEvent> received = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(3);
    try (SseEventSource source =
        SseEventSource.target(client.target(clock("?count=3&interval=100")))
            .reconnectingEvery(10, TimeUnit.SECONDS)
            .build()) {
      source.register(
          event -> {
            received.add(event);
            done.countDown();
          });
      source.open();
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      client.close();
    }
    assertThat(received).extracting(InboundSseEvent::getId).containsExactly("1", "2", "3");
    assertThat(JSON.readTree(received.get(2).readData()).get("count").asInt()).isEqualTo(3);
  }

  @Test
  void servesTheDemoPageFromTheSameWar() throws Exception {
    HttpResponse<String> page = get(URI.create(base.toString()), Map.of());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script type=\"module\" src=\"js/countdown.js\">");
    assertThat(get(URI.create(base + "js/countdown.js"), Map.of()).body())
        .contains("new EventSource(`api/clock?")
        .doesNotContain("innerHTML");
  }

  private static void assertProblem(HttpResponse<String> response, String parameter)
      throws Exception {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("title").asText()).isEqualTo("Bad Request");
    assertThat(problem.get("parameter").asText()).isEqualTo(parameter);
  }

  private static HttpResponse<String> get(URI uri, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<SseEvent> readAll(URI uri, Map<String, String> headers) throws Exception {
    List<SseEvent> events = new ArrayList<>();
    try (SseStream stream = SseStream.open(uri, headers)) {
      for (SseEvent event = stream.next(); event != null; event = stream.next()) {
        events.add(event);
      }
    }
    return events;
  }

  private static long millisBetween(SseEvent earlier, SseEvent later) {
    return (later.arrivedNanos() - earlier.arrivedNanos()) / 1_000_000;
  }
}
