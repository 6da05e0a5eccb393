package dev.herald.hub.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.ItTokens;
import dev.herald.testing.ShippedWar;
import dev.herald.testing.SseEvent;
import dev.herald.testing.SseStream;
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
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Publishing several events in one request, as NDJSON or a JSON array: all in order, or none. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BatchPublishIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NDJSON = "application/x-ndjson";
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource URL base;

  @Test
  void anNdjsonBatchIsPublishedInOrderAndItsIdsAnsweredInOrder() throws Exception {
    String topic = topic("ndjson");
    try (SseStream stream = SseStream.open(events(topic))) {
      HttpResponse<String> response =
          post(
              topic,
              NDJSON,
              "{\"data\":{\"n\":1},\"id\":\"first\"}\n"
                  + "\r\n"
                  + "{\"data\":\"漢字 🎉\",\"type\":\"note\"}\r\n"
                  + "{\"data\":3}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      JsonNode published = JSON.readTree(response.body());
      assertThat(published.size()).isEqualTo(3);
      assertThat(published.get(0).get("id").asText()).isEqualTo("first");
      assertThat(published.get(1).get("type").asText()).isEqualTo("note");
      assertThat(published.get(2).get("topic").asText()).isEqualTo(topic);

      List<SseEvent> got = List.of(stream.next(), stream.next(), stream.next());
      assertThat(got).extracting(SseEvent::id).containsExactlyElementsOf(ids(published));
      assertThat(got).extracting(SseEvent::data).containsExactly("{\"n\":1}", "\"漢字 🎉\"", "3");
      assertThat(got.get(1).type()).isEqualTo("note");
    }
    assertThat(topicInfo(topic).get("retained").asInt()).isEqualTo(3);
  }

  @Test
  void aJsonArrayIsABatchAndResumesFromAnyOfItsIds() throws Exception {
    String topic = topic("array");
    String body =
        IntStream.range(0, 50)
            .mapToObj(i -> "{\"data\":" + i + "}")
            .collect(Collectors.joining(",", "[", "]"));
    HttpResponse<String> response = post(topic, "application/json", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    List<String> ids = ids(JSON.readTree(response.body()));
    assertThat(ids).hasSize(50).doesNotHaveDuplicates();

    try (SseStream stream =
        SseStream.open(events(topic), java.util.Map.of("Last-Event-ID", ids.get(47)))) {
      assertThat(stream.next().id()).isEqualTo(ids.get(48));
      assertThat(stream.next().id()).isEqualTo(ids.get(49));
    }
    assertThat(topicInfo(topic).get("lastEventId").asText()).isEqualTo(ids.get(49));
  }

  static Stream<Arguments> badBatches() {
    String big = "{\"data\":\"" + "x".repeat(64 * 1024) + "\"}";
    String thousandAndOne =
        IntStream.range(0, 1001).mapToObj(i -> "{\"data\":1}").collect(Collectors.joining("\n"));
    return Stream.of(
        Arguments.of(NDJSON, "{\"data\":1}\n{\"data\":", 400, null, 1),
        Arguments.of(NDJSON, "{\"data\":1}\n[1]", 400, null, 1),
        Arguments.of(NDJSON, "{\"data\":1}\n{\"data\":2,\"type\":\"a\\nb\"}", 400, "type", 1),
        Arguments.of(NDJSON, "{\"data\":1}\n{\"data\":2,\"id\":\"12345\"}", 400, "id", 1),
        Arguments.of(NDJSON, "{\"data\":1}\n{\"data\":2,\"id\":\"taken\"}", 409, null, 1),
        Arguments.of(NDJSON, "{\"data\":1,\"id\":\"x\"}\n{\"data\":2,\"id\":\"x\"}", 409, null, 1),
        Arguments.of(NDJSON, "{\"data\":1}\n" + big, 413, null, 1),
        Arguments.of(NDJSON, "\n \n", 400, null, null),
        Arguments.of(NDJSON, thousandAndOne, 400, null, null),
        Arguments.of("application/json", "[]", 400, null, null),
        Arguments.of("application/json", "[{\"data\":1},2]", 400, null, 1),
        Arguments.of("application/json", "[{\"data\":1},{\"type\":\"t\"}]", 400, null, 1),
        Arguments.of("application/json", "[{\"data\":1},{\"data\":1,\"id\":[]}]", 400, "id", 1),
        Arguments.of("application/json", "[{\"data\":1,\"id\":\"taken\"}]", 409, null, null),
        Arguments.of(
            "application/json",
            "[{\"data\":1},{\"data\":1,\"id\":\"y\"},{\"data\":1,\"id\":\"y\"}]",
            409,
            null,
            2),
        Arguments.of("application/json", "[{\"data\":1}," + big + "]", 413, null, 1),
        Arguments.of("application/json", "[{\"data\":1}", 400, null, null),
        Arguments.of(
            "application/json",
            "[" + String.join(",", java.util.Collections.nCopies(17, big)) + "]",
            413,
            null,
            null));
  }

  @ParameterizedTest
  @MethodSource("badBatches")
  void aBadBatchIsRefusedWithAProblemNamingTheEventAndPublishesNone(
      String contentType, String body, int status, String parameter, Integer index)
      throws Exception {
    String topic = "bad-batch";
    HttpResponse<String> setUp = post(topic, "application/json", "{\"data\":0,\"id\":\"taken\"}");
    assertThat(setUp.statusCode()).as("the id is taken now or was before").isIn(201, 409);
    JsonNode before = topicInfo(topic);

    HttpResponse<String> response = post(topic, contentType, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("detail").asText()).isNotBlank();
    if (parameter != null) {
      assertThat(problem.get("parameter").asText()).isEqualTo(parameter);
    }
    if (index != null) {
      assertThat(problem.get("index").asInt()).as(response.body()).isEqualTo(index);
    }
    assertThat(topicInfo(topic)).as("nothing was published").isEqualTo(before);
  }

  @Test
  void aPrivateEventOfABatchReachesOnlyAReaderAllowedToReadIt() throws Exception {
    String topic = topic("private");
    String reader = ItTokens.token(List.of(), List.of("private-{x}"));
    try (SseStream anonymous = SseStream.open(events(topic), Map.of());
        SseStream allowed =
            SseStream.open(events(topic), Map.of("Authorization", "Bearer " + reader))) {
      HttpResponse<String> response =
          post(topic, NDJSON, "{\"data\":\"secret\",\"private\":true}\n{\"data\":\"public\"}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      assertThat(allowed.next().data()).isEqualTo("\"secret\"");
      assertThat(allowed.next().data()).isEqualTo("\"public\"");
      assertThat(anonymous.next().data()).isEqualTo("\"public\"");
    }
  }

  @Test
  void aBatchToABadTopicNameCreatesNoTopic() throws Exception {
    HttpResponse<String> response = post("-dash-first", NDJSON, "{\"data\":1}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("parameter").asText()).isEqualTo("topic");
  }

  private static List<String> ids(JsonNode published) {
    List<String> ids = new ArrayList<>();
    published.forEach(p -> ids.add(p.get("id").asText()));
    return ids;
  }

  private String topic(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private URI events(String topic) {
    return URI.create(base + "api/topics/" + topic + "/events");
  }

  private HttpResponse<String> post(String topic, String contentType, String body)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(events(topic))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode topicInfo(String topic) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "api/topics/" + topic))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
