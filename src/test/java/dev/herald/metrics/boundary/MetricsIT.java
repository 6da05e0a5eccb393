package dev.herald.metrics.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.ShippedWar;
import dev.herald.testing.SseStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MetricsIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE =
      Pattern.compile(
          "("
              + NAME
              + ")(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"\\})?"
              + " (-?[0-9.]+(?:E-?[0-9]+)?|NaN|[+-]Inf)");
  private static final Pattern META = Pattern.compile("# (HELP|TYPE) (" + NAME + ") (.*)");

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource URL base;

  @Test
  void countersMoveUnderTraffic() throws Exception {
    Map<String, Double> before = scrape();
    publish("metrics-it");
    try (SseStream stream =
        SseStream.open(URI.create(base + "api/topics/metrics-it/events?lastEventId=0"))) {
      assertThat(stream.next()).as("the replayed event").isNotNull();
      // a writer counts a delivery once its write returns, which may be after the client read it
      Map<String, Double> during = scrape();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (during.get("herald_events_delivered_total")
              <= before.get("herald_events_delivered_total")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
        during = scrape();
      }

      assertThat(during.get("herald_events_published_total"))
          .isGreaterThan(before.get("herald_events_published_total"));
      assertThat(during.get("herald_events_delivered_total"))
          .isGreaterThan(before.get("herald_events_delivered_total"));
      assertThat(during.get("herald_replay_requests_total"))
          .isGreaterThan(before.get("herald_replay_requests_total"));
      assertThat(during.get("herald_topic_subscribers{topic=\"metrics-it\"}")).isEqualTo(1.0);
      assertThat(during.get("herald_open_streams")).isGreaterThanOrEqualTo(1.0);
      assertThat(during.get("jvm_memory_used_bytes{area=\"heap\"}")).isPositive();
      assertThat(during.get("jvm_threads_live")).isPositive();
    }
  }

  /** Parses the answer strictly as Prometheus text: every line is HELP, TYPE or a sample. */
  private Map<String, Double> scrape() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "api/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(
            type ->
                assertThat(type.replace(" ", "").split(";"))
                    .contains("text/plain", "version=0.0.4"));
    Map<String, Double> samples = new HashMap<>();
    Set<String> typed = new HashSet<>();
    for (String line : response.body().split("\n")) {
      Matcher meta = META.matcher(line);
      if (meta.matches()) {
        if (meta.group(1).equals("TYPE")) {
          assertThat(meta.group(3)).isIn("counter", "gauge");
          assertThat(typed.add(meta.group(2))).as("one TYPE per family: %s", line).isTrue();
        }
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      assertThat(sample.matches()).as("a Prometheus sample line: %s", line).isTrue();
      assertThat(typed).as("TYPE before the sample: %s", line).contains(sample.group(1));
      String key = sample.group(1) + (sample.group(2) == null ? "" : sample.group(2));
      samples.put(key, Double.parseDouble(sample.group(3)));
    }
    return samples;
  }

  private void publish(String topic) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "api/topics/" + topic + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(201);
  }
}
