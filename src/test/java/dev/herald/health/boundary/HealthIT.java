package dev.herald.health.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.ShippedWar;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HealthIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource URL base;

  @ParameterizedTest
  @ValueSource(strings = {"api/health", "api/health/live", "api/health/ready"})
  void reportsUpWithTheSchedulerCheck(String path) throws Exception {
    HttpResponse<String> response = get(path);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode health = JSON.readTree(response.body());
    assertThat(health.get("status").asText()).isEqualTo("UP");
    assertThat(health.get("checks").findValuesAsText("name")).contains("scheduler");
    for (JsonNode check : health.get("checks")) {
      assertThat(check.get("status").asText()).as(check.toString()).isEqualTo("UP");
      assertThat(check.size()).as("only name and status").isEqualTo(2);
    }
  }

  @Test
  void anUnknownProbeIsANotFoundProblem() throws Exception {
    HttpResponse<String> response = get("api/health/nope");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
