package dev.herald.feeds.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ClockFeedTest {

  @Test
  void samplesTheTimeWithItsOffsetAndAsEpochMillis() {
    Instant now = Instant.parse("2026-11-24T01:02:03.456Z");
    var feed = new ClockFeed(Clock.fixed(now, ZoneId.of("Asia/Kolkata")));

    var sample = feed.sample();

    assertThat(sample.time()).isEqualTo("2026-11-24T06:32:03.456+05:30");
    assertThat(sample.epochMillis()).isEqualTo(now.toEpochMilli());
  }
}
