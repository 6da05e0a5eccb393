package dev.herald.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.ShippedWar;
import dev.herald.testing.SseEvent;
import dev.herald.testing.SseStream;
import java.net.URI;
import java.net.URL;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The feeds publish from the moment Herald starts, with no one asking for them. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FeedsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource URL base;

  @Test
  void clockPublishesTheTimeEverySecond() throws Exception {
    List<SseEvent> events = take("clock", 4);

    for (SseEvent event : events) {
      JsonNode data = JSON.readTree(event.data());
      assertThat(data.size()).as("exactly time and epochMillis").isEqualTo(2);
      OffsetDateTime time = OffsetDateTime.parse(data.get("time").asText());
      assertThat(time.toInstant().toEpochMilli()).isEqualTo(data.get("epochMillis").asLong());
    }
    assertThat(gapsMillis(events)).allSatisfy(gap -> assertThat(gap).isBetween(500L, 1500L));
  }

  @Test
  void jvmPublishesMeasuredFiguresEveryTwoSeconds() throws Exception {
    List<SseEvent> events = take("jvm", 3);

    JsonNode last = JSON.readTree(events.get(2).data());
    assertThat(last.at("/heap/used").asLong()).isPositive();
    assertThat(last.at("/heap/committed").asLong())
        .isGreaterThanOrEqualTo(last.at("/heap/used").asLong());
    assertThat(last.at("/nonHeapUsed").asLong()).isPositive();
    assertThat(last.at("/threads").asInt()).isPositive();
    assertThat(last.at("/cpu/process").isNumber()).isTrue();
    assertThat(last.at("/cpu/system").isNumber()).isTrue();
    assertThat(last.at("/gc/count").isIntegralNumber()).isTrue();
    assertThat(last.at("/gc/timeMillis").isIntegralNumber()).isTrue();
    assertThat(last.at("/uptimeMillis").asLong()).isPositive();
    assertThat(last.at("/epochMillis").asLong())
        .as("when it was taken")
        .isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 60_000);
    assertThat(last.at("/herald/openConnections").asInt())
        .as("this very subscription is open")
        .isGreaterThanOrEqualTo(1);
    assertThat(last.at("/herald/eventsPublishedPerSecond").asDouble())
        .as("the clock alone publishes one a second")
        .isGreaterThan(0.4);
    assertThat(gapsMillis(events)).allSatisfy(gap -> assertThat(gap).isBetween(1400L, 2600L));
  }

  private List<SseEvent> take(String topic, int count) throws Exception {
    List<SseEvent> events = new ArrayList<>();
    try (SseStream stream = SseStream.open(URI.create(base + "api/topics/" + topic + "/events"))) {
      assertThat(stream.response().statusCode()).isEqualTo(200);
      while (events.size() < count) {
        SseEvent event = stream.next();
        assertThat(event).as("stream still open").isNotNull();
        events.add(event);
      }
    }
    return events;
  }

  private static List<Long> gapsMillis(List<SseEvent> events) {
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < events.size(); i++) {
      gaps.add(
          TimeUnit.NANOSECONDS.toMillis(
              events.get(i).arrivedNanos() - events.get(i - 1).arrivedNanos()));
    }
    return gaps;
  }
}
