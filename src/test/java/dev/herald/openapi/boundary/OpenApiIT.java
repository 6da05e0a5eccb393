package dev.herald.openapi.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.ShippedWar;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * /api/openapi.json describes the API the server really has: every documented operation answers,
 * neither 404 nor 405, and never 500.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OpenApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String TOPIC = "openapi-it";
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource URL base;

  @Test
  void describesTheWholeApiGeneratedFromTheResources() throws Exception {
    HttpResponse<String> response =
        send(get("api/openapi.json"), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode document = JSON.readTree(response.body());
    assertThat(document.path("openapi").asText()).startsWith("3.");
    assertThat(document.at("/info/title").asText()).isEqualTo("Herald");
    JsonNode paths = document.path("paths");
    assertThat(names(paths))
        .contains(
            "/api/topics",
            "/api/topics/{topic}",
            "/api/topics/{topic}/events",
            "/api/events",
            "/api/clock",
            "/api/chat/completions",
            "/api/models",
            "/api/health",
            "/api/metrics",
            "/api/openapi.json");
    JsonNode publish = paths.at("/~1api~1topics~1{topic}~1events/post");
    assertThat(names(publish.at("/requestBody/content")))
        .as("every way to publish is described, the batch's NDJSON too")
        .containsExactlyInAnyOrder("application/json", "text/plain", "application/x-ndjson");
    assertThat(names(publish.path("responses"))).contains("201", "400", "413");
    assertThat(
            paths
                .at("/~1api~1topics~1{topic}~1events/get/responses/200/content")
                .has("text/event-stream"))
        .isTrue();
  }

  @Test
  void everyDocumentedOperationAnswersOnTheServer() throws Exception {
    // a topic to ask about, so that GET /api/topics/{topic} finds one
    HttpResponse<String> created =
        send(
            HttpRequest.newBuilder(uri("api/topics/" + TOPIC + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode paths =
        JSON.readTree(send(get("api/openapi.json"), HttpResponse.BodyHandlers.ofString()).body())
            .path("paths");

    List<String> answers = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : iterable(paths.fields())) {
      for (String method : iterable(path.getValue().fieldNames())) {
        if (!METHODS.contains(method)) {
          continue;
        }
        int status = statusOf(method, path.getKey());
        answers.add(method.toUpperCase() + " " + path.getKey() + " " + status);
        assertThat(status)
            .as("%s %s is there and allows the method", method, path.getKey())
            .isNotIn(404, 405);
        if (status >= 500) {
          // a relay's 502/504 says its upstream failed (a busy machine can make the test's fake
          // miss the 1 s timeout); that is an answer, if documented; anything else is a failure
          assertThat(names(path.getValue().path(method).path("responses")))
              .as("%s %s answered %d, which it does not document", method, path.getKey(), status)
              .contains(String.valueOf(status));
          assertThat(status).isIn(502, 503, 504);
        }
      }
    }
    assertThat(answers).hasSizeGreaterThanOrEqualTo(13);
  }

  /** Sends the operation with what it needs least; an event stream is closed after its head. */
  private int statusOf(String method, String path) throws Exception {
    URI target = uri(path.substring(1).replaceAll("\\{[^}]+}", TOPIC));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10)).header("Accept", "*/*");
    if (method.equals("get") || method.equals("delete")) {
      request.method(method.toUpperCase(), HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method.toUpperCase(), HttpRequest.BodyPublishers.ofString("{}"));
    }
    HttpResponse<InputStream> response =
        send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      return response.statusCode();
    }
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build();
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws Exception {
    return HTTP.send(request, handler);
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static <T> Iterable<T> iterable(Iterator<T> iterator) {
    return () -> iterator;
  }
}
