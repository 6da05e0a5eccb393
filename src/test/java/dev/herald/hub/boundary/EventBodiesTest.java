package dev.herald.hub.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventBodiesTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"data\": 1e999999}|1e999999",
        "{\"data\": -1E-999999}|-1E-999999",
        "{\"data\": 100.0}|100.0",
        "{\"data\": 0.1000000000000000055511151231257827}|0.1000000000000000055511151231257827",
        "{\"data\": 123456789012345678901234567890}|123456789012345678901234567890",
        "{\"data\": -0}|-0",
        "{\"data\": [1.50, {\"a\": 2e+3}]}|[1.50,{\"a\":2e+3}]",
        "{ \"data\" : { \"k\" : \"v\" , \"n\" : null } }|{\"k\":\"v\",\"n\":null}",
        "{\"data\": \"漢字 🎉\\u00e9\"}|\"漢字 🎉é\"",
        "{\"data\": \"a\\nb\"}|\"a\\nb\"",
        "{\"other\": {\"x\": [1]}, \"data\": true}|true",
      })
  void dataIsCompactWithNumbersAsWritten(String body, String data) {
    assertThat(EventBodies.json(body.getBytes(StandardCharsets.UTF_8)).data()).isEqualTo(data);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"data\": \"a\\ud800b\"}",
        "{\"data\": {\"\\udc00\": 1}}",
        "{\"data\": 1",
        "{\"data\": 1} {}",
        "{\"data\": 1}]",
        "{\"data\": NaN}",
        "{\"data\": 01}",
        "[1]",
        "{\"type\": \"x\"}",
        "",
        "{\"data\": [1, 2}",
      })
  void refusesWhatIsNotExactJsonData(String body) {
    assertThatThrownBy(() -> EventBodies.json(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProblemException.class)
        .satisfies(e -> assertThat(((ProblemException) e).problem().getStatus()).isEqualTo(400));
  }

  @org.junit.jupiter.api.Test
  void typeAndIdAreStrings() {
    EventBodies.PublishedJson event =
        EventBodies.json(
            "{\"type\":\"t\",\"id\":\"x-1\",\"data\":{}}".getBytes(StandardCharsets.UTF_8));
    assertThat(event.type()).isEqualTo("t");
    assertThat(event.id()).isEqualTo("x-1");
    assertThatThrownBy(
            () -> EventBodies.json("{\"id\":1,\"data\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ProblemException.class);
  }

  @org.junit.jupiter.api.Test
  void textIsRefusedWhenItIsNotTextInItsCharset() {
    byte[] broken = {'a', (byte) 0xC3, 'b'};
    assertThatThrownBy(() -> EventBodies.text(broken, StandardCharsets.UTF_8))
        .isInstanceOf(ProblemException.class);
    byte[] loneSurrogate = {(byte) 0xD8, 0x00, 0x00, 'a'};
    assertThatThrownBy(() -> EventBodies.text(loneSurrogate, StandardCharsets.UTF_16BE))
        .isInstanceOf(ProblemException.class);
    assertThat(EventBodies.text("漢字".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo("漢字");
  }

  @org.junit.jupiter.api.Test
  void aBatchKeepsEachEventsDataExactAndItsFlags() {
    String array =
        " [{\"data\": 1e999999, \"private\": true}, {\"type\": \"t\", \"data\": [1.50]}]";
    assertThat(EventBodies.startsArray(bytes(array))).isTrue();
    var events = EventBodies.array(bytes(array), 64, 10);
    assertThat(events)
        .containsExactly(
            new EventBodies.PublishedJson(null, null, "1e999999", true),
            new EventBodies.PublishedJson("t", null, "[1.50]", false));
    assertThat(
            EventBodies.ndjson(
                bytes(
                    "{\"data\": 1e999999, \"private\": true}\r\n\n{\"type\": \"t\", \"data\": [1.50]}"),
                64,
                10))
        .isEqualTo(events);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[]|400|",
        "[{\"data\": 1}, 2]|400|1",
        "[{\"data\": 1}, {\"type\": \"x\"}]|400|1",
        "[{\"data\": 1}, {\"data\": \"0123456789012345678901234567890123456789\"}]|413|1",
        "[{\"data\": 1}, {\"data\": 2}, {\"data\": 3}, {\"data\": 4}]|400|",
        "[{\"data\": 1}|400|",
        "[{\"data\": 1}] []|400|",
      })
  void aBadBatchNamesItsFailingEvent(String body, int status, Integer index) {
    assertThatThrownBy(() -> EventBodies.array(bytes(body), 32, 3))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().getStatus()).isEqualTo(status);
              if (index == null) {
                assertThat(e.problem().getExtensions()).doesNotContainKey("index");
              } else {
                assertThat(e.problem().getExtensions()).containsEntry("index", index);
              }
            });
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
