package dev.herald.hub.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.entity.Draft;
import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.EventIds.Position;
import dev.herald.sse.EventFrame;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplayTest {

  private final InMemoryEventLog log =
      new InMemoryEventLog(new Retention(3, Duration.ofHours(1), 100), Clock.systemUTC());

  private Event append(String topic) {
    return log.append(new Draft(topic, "message", "1", null, false));
  }

  @Test
  void resumesExactlyAfterTheIdAcrossTopicsInLogOrderUpToWhereTheStreamJoined() {
    Event a1 = append("a");
    Event b1 = append("b");
    Event a2 = append("a");
    Position joined = log.head();
    append("b");
    List<EventFrame> frames = Replay.of(log, Set.of("a", "b"), Replay.From.id(a1.id()), joined);
    assertThat(frames).containsExactly(b1.frame(), a2.frame());
  }

  @Test
  void announcesAnIdNoLongerRetainedThenReplaysAllThatIs() {
    Event first = append("a");
    for (int i = 0; i < 4; i++) {
      append("a");
    }
    List<EventFrame> frames = Replay.of(log, Set.of("a"), Replay.From.id(first.id()), log.head());
    assertThat(frames).hasSize(4);
    assertThat(frames.get(0).toString())
        .contains("herald-reset")
        .contains("\"reason\":\"expired\"");
  }

  @Test
  void announcesAnIdOfAnotherEpochAsLost() {
    append("a");
    List<EventFrame> frames = Replay.of(log, Set.of("a"), Replay.From.id("1-otherepo"), log.head());
    assertThat(frames.get(0).toString()).contains("\"reason\":\"lost\"");
    assertThat(frames).hasSize(2);
  }

  @Test
  void idZeroReplaysEverythingRetainedWithoutAResetWhileNothingWasDropped() {
    Event first = append("a");
    Event second = append("a");
    assertThat(Replay.of(log, Set.of("a"), Replay.From.id("0"), log.head()))
        .containsExactly(first.frame(), second.frame());
  }

  @Test
  void announcesAnUnknownId() {
    append("a");
    List<EventFrame> frames = Replay.of(log, Set.of("a"), Replay.From.id("what"), log.head());
    assertThat(frames.get(0).toString()).contains("\"reason\":\"unknown\"");
  }
}
