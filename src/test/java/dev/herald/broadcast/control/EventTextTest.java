package dev.herald.broadcast.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.problem.ProblemException;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTextTest {

  record Sale(long number, String at) {

    @Override
    public String toString() {
      return "sale " + number;
    }
  }

  @Test
  void jsonMediaTypesAreWrittenByJackson() {
    Sale sale = new Sale(3, "noon");

    assertThat(EventText.of(sale, MediaType.APPLICATION_JSON_TYPE))
        .isEqualTo("{\"number\":3,\"at\":\"noon\"}");
    assertThat(EventText.of(List.of(1, 2), MediaType.valueOf("application/vnd.sales+json")))
        .isEqualTo("[1,2]");
    assertThat(EventText.of(new ObjectMapper().createObjectNode().put("a", 1), null))
        .as("no media type: toString, which is JSON for a tree")
        .isEqualTo("{\"a\":1}");
  }

  @Test
  void otherMediaTypesAreTheDataAsText() {
    assertThat(EventText.of(new Sale(3, "noon"), MediaType.TEXT_PLAIN_TYPE)).isEqualTo("sale 3");
    assertThat(EventText.of(42, null)).isEqualTo("42");
  }

  @Test
  void aStringIsTakenAsItIs() {
    assertThat(EventText.of("{\"already\":true}", MediaType.APPLICATION_JSON_TYPE))
        .isEqualTo("{\"already\":true}");
    assertThat(EventText.json("text")).isEqualTo("text");
  }

  @Test
  void anEventWithoutDataIsAProblem() {
    assertThatThrownBy(() -> EventText.of(null, MediaType.TEXT_PLAIN_TYPE))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("data");
  }
}
