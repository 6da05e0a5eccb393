package dev.herald.feeds.control;

import dev.herald.feeds.entity.ClockSample;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

@ApplicationScoped
public class ClockFeed implements Feed {

  private final Clock clock;

  public ClockFeed() {
    this(Clock.systemDefaultZone());
  }

  ClockFeed(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String topic() {
    return "clock";
  }

  @Override
  public Duration defaultInterval() {
    return Duration.ofSeconds(1);
  }

  @Override
  public ClockSample sample() {
    OffsetDateTime now = OffsetDateTime.now(clock);
    return new ClockSample(
        now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), now.toInstant().toEpochMilli());
  }
}
