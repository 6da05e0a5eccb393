package dev.herald.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventFrameTest {

  @Test
  void writesIdTypeAndDataEndedByABlankLine() {
    assertThat(EventFrame.event("7", "price", "{\"a\":1}"))
        .hasToString("id: 7\nevent: price\ndata: {\"a\":1}\n\n");
  }

  @Test
  void leavesOutTheDefaultTypeAndAMissingId() {
    assertThat(EventFrame.event(null, "message", "x")).hasToString("data: x\n\n");
  }

  @Test
  void splitsDataOnCrLfAndCrLfIntoDataLines() {
    assertThat(EventFrame.event("1", null, "a\rb\nc\r\nd\n\ne\r"))
        .hasToString("id: 1\ndata: a\ndata: b\ndata: c\ndata: d\ndata: \ndata: e\ndata: \n\n");
  }

  @Test
  void keepsCjkAndEmojiAsUtf8() {
    EventFrame frame = EventFrame.event("1", null, "漢字 🎉");

    byte[] expected = "id: 1\ndata: 漢字 🎉\n\n".getBytes(StandardCharsets.UTF_8);
    assertThat(frame.bytes()).isEqualTo(expected);
    assertThat(frame.size()).isEqualTo(expected.length);
  }

  @Test
  void refusesAnIdOrTypeThatCouldInjectFields() {
    assertThatThrownBy(() -> EventFrame.event("1\n", null, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EventFrame.event("1", "a\rdata: b", "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void commentsAndRetryHintsAreNotEvents() {
    assertThat(EventFrame.comment("heartbeat")).hasToString(":heartbeat\n\n");
    assertThat(EventFrame.retry(3000)).hasToString("retry: 3000\n\n");
    assertThat(EventFrame.comment("x").isEvent()).isFalse();
    assertThat(EventFrame.event("1", null, "x").isEvent()).isTrue();
  }
}
