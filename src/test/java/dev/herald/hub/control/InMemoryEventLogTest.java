package dev.herald.hub.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.entity.Event;
import dev.herald.sse.EventFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryEventLogTest {

  private Instant now = Instant.parse("2026-11-24T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private Event event(String topic, long seq) {
    return new Event(
        topic, "" + seq, seq, "message", EventFrame.event("" + seq, null, "d" + seq), now);
  }

  @Test
  void keepsTheLastEventsByCountAndRemembersWhatItDropped() {
    InMemoryEventLog log = new InMemoryEventLog(3, Duration.ofHours(1), clock);
    for (long seq = 1; seq <= 5; seq++) {
      log.append(event("a", seq));
    }

    assertThat(log.retained("a")).isEqualTo(3);
    assertThat(log.oldest("a")).map(Event::seq).hasValue(3L);
    assertThat(log.latest("a")).map(Event::seq).hasValue(5L);
    assertThat(log.droppedThrough("a")).isEqualTo(2);
    assertThat(log.find("a", "2")).isEmpty();
    assertThat(log.find("a", "4")).map(Event::seq).hasValue(4L);
  }

  @Test
  void dropsEventsOlderThanTheAgeLimit() {
    InMemoryEventLog log = new InMemoryEventLog(100, Duration.ofMinutes(10), clock);
    log.append(event("a", 1));
    now = now.plus(Duration.ofMinutes(6));
    log.append(event("a", 2));
    now = now.plus(Duration.ofMinutes(5));

    assertThat(log.retained("a")).isEqualTo(1);
    assertThat(log.droppedThrough("a")).isEqualTo(1);
    now = now.plus(Duration.ofMinutes(6));
    assertThat(log.after("a", 0)).isEmpty();
    assertThat(log.droppedThrough("a")).isEqualTo(2);
  }

  @Test
  void replaysWhatFollowsASequenceNumberOldestFirstPerTopic() {
    InMemoryEventLog log = new InMemoryEventLog(100, Duration.ofHours(1), clock);
    log.append(event("a", 1));
    log.append(event("b", 2));
    log.append(event("a", 3));
    log.append(event("a", 4));

    assertThat(log.after("a", 1)).extracting(Event::seq).containsExactly(3L, 4L);
    assertThat(log.after("a", 0)).extracting(Event::seq).containsExactly(1L, 3L, 4L);
    assertThat(log.after("a", 4)).isEmpty();
    assertThat(log.after("b", 0)).extracting(Event::seq).containsExactly(2L);
    assertThat(log.after("c", 0)).isEmpty();
    assertThat(log.droppedThrough("a")).isZero();
  }
}
