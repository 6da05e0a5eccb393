package dev.herald.hub.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.hub.control.EventLog.Located;
import dev.herald.hub.entity.Draft;
import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.EventIds.Position;
import dev.herald.problem.ProblemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  private InMemoryEventLog log(int events, Duration age) {
    return new InMemoryEventLog(new Retention(events, age, 100), clock);
  }

  private static Event append(EventLog log, String topic, String id) {
    return log.append(new Draft(topic, "message", "\"d\"", id, false));
  }

  @Test
  void aBusyTopicDoesNotEvictAQuietTopicsHistory() {
    InMemoryEventLog log = log(3, Duration.ofHours(1));
    Event quiet = append(log, "quiet", null);
    for (int i = 0; i < 10; i++) {
      append(log, "busy", null);
    }
    assertThat(log.history("quiet", 0).events()).containsExactly(quiet);
    assertThat(log.history("quiet", 0).gap()).isFalse();
    assertThat(log.history("busy", 0).events()).hasSize(3);
    assertThat(log.history("busy", 0).gap()).isTrue();
    assertThat(log.topic("busy").orElseThrow().retained()).isEqualTo(3);
  }

  @Test
  void keepsAMercureUpdatesTopicsAndRetryInItsHistory() {
    InMemoryEventLog log = log(10, Duration.ofHours(1));
    Event update =
        log.append(
            new Draft("mercure", "message", "d", null, false, List.of("a/1", "b"), 2000L, false));
    Event read = log.history("mercure", 0).events().get(0);
    assertThat(read.iris()).containsExactly("a/1", "b");
    assertThat(read.frame().toString())
        .isEqualTo("id: " + update.id() + "\nretry: 2000\ndata: d\n\n");
  }

  @Test
  void aReusableIdNamesItsNewestEventAlsoWhenAnOlderOneIsDropped() {
    InMemoryEventLog log = log(2, Duration.ofHours(1));
    Draft update = new Draft("mercure", "message", "d", "same", false, List.of("a"), null, true);
    Event first = log.append(update);
    Event second = log.append(update);
    assertThat(second.seq()).isGreaterThan(first.seq());
    assertThat(log.locate(Set.of("mercure"), "same").position().orElseThrow().seq())
        .isEqualTo(second.seq());
    log.append(new Draft("mercure", "message", "d", "other", false, List.of("a"), null, true));
    assertThat(log.locate(Set.of("mercure"), "same").position().orElseThrow().seq())
        .isEqualTo(second.seq());
    assertThatThrownBy(() -> append(log, "mercure", "same")).isInstanceOf(ProblemException.class);
  }

  @Test
  void numbersEveryEventFromOneSequenceWithTheEpochInItsId() {
    InMemoryEventLog log = log(10, Duration.ofHours(1));
    Event a = append(log, "a", null);
    Event b = append(log, "b", null);
    assertThat(b.seq()).isEqualTo(a.seq() + 1);
    assertThat(a.id()).isEqualTo(a.seq() + "-" + log.head().epoch());
    assertThat(log.head()).isEqualTo(new Position(log.head().epoch(), b.seq()));
  }

  @Test
  void dropsEventsOlderThanTheirAgeAndCountsThemAsAGap() {
    InMemoryEventLog log = log(100, Duration.ofMinutes(10));
    Event old = append(log, "a", null);
    now = now.plus(Duration.ofMinutes(11));
    Event fresh = append(log, "a", null);
    assertThat(log.history("a", 0).events()).containsExactly(fresh);
    assertThat(log.history("a", 0).gap()).isTrue();
    assertThat(log.history("a", old.seq()).gap()).isFalse();
  }

  @Test
  void refusesAnIdTheTopicHasAndAcceptsItOnAnotherTopic() {
    InMemoryEventLog log = log(10, Duration.ofHours(1));
    append(log, "a", "order-1");
    assertThatThrownBy(() -> append(log, "a", "order-1"))
        .isInstanceOf(ProblemException.class)
        .matches(e -> ((ProblemException) e).problem().getStatus() == 409);
    assertThat(append(log, "b", "order-1").id()).isEqualTo("order-1");
  }

  @Test
  void refusesATopicBeyondTheMaximumAndChangesNothing() {
    InMemoryEventLog log = new InMemoryEventLog(new Retention(10, Duration.ofHours(1), 1), clock);
    append(log, "a", null);
    Position before = log.head();
    assertThatThrownBy(() -> append(log, "b", null)).isInstanceOf(ProblemException.class);
    assertThat(log.head()).isEqualTo(before);
    assertThat(log.topics()).extracting(EventLog.TopicStats::name).containsExactly("a");
  }

  @Test
  void locatesPublisherIdsAndItsOwnIdsAndTellsAnotherEpochFromAnUnknownId() {
    InMemoryEventLog log = log(10, Duration.ofHours(1));
    Event mine = append(log, "a", "mine");
    Event numbered = append(log, "a", null);
    assertThat(log.locate(Set.of("a"), "mine").position()).hasValue(position(log, mine));
    assertThat(log.locate(Set.of("b", "a"), numbered.id()).position())
        .hasValue(position(log, numbered));
    assertThat(log.locate(Set.of("a"), "7-zzzzzzzz")).isEqualTo(Located.lost());
    assertThat(log.locate(Set.of("a"), "nope")).isEqualTo(Located.unknown());
    assertThat(log.locate(Set.of("a"), "99-" + log.head().epoch())).isEqualTo(Located.unknown());
  }

  @Test
  void tellsItsTailEveryAppendInOrder() {
    InMemoryEventLog log = log(10, Duration.ofHours(1));
    List<Event> told = new ArrayList<>();
    log.tail(
        new EventLog.Listener() {
          @Override
          public void appended(List<Event> events) {
            told.addAll(events);
          }

          @Override
          public void lost(Position head) {
            throw new AssertionError("an in-memory log loses nothing");
          }

          @Override
          public Map<String, Integer> subscribers() {
            return Map.of("a", 2);
          }
        });
    Event first = append(log, "a", null);
    Event second = append(log, "b", null);
    assertThat(told).containsExactly(first, second);
    assertThat(log.subscribersEverywhere()).isEqualTo(Map.of("a", 2));
  }

  private static Draft draft(String topic, String id) {
    return new Draft(topic, "message", "\"d\"", id, false);
  }

  @Test
  void appendsABatchInOrderAndTellsItsTailOnceAllAreIn() {
    InMemoryEventLog log = log(10, Duration.ofHours(1));
    List<List<Event>> told = new ArrayList<>();
    log.tail(
        new EventLog.Listener() {
          @Override
          public void appended(List<Event> events) {
            told.add(events);
          }

          @Override
          public void lost(Position head) {
            throw new AssertionError("an in-memory log loses nothing");
          }

          @Override
          public Map<String, Integer> subscribers() {
            return Map.of();
          }
        });
    List<Event> batch = log.appendAll(List.of(draft("a", "x"), draft("b", null), draft("a", null)));
    assertThat(batch).extracting(Event::seq).containsExactly(1L, 2L, 3L);
    assertThat(batch.get(0).id()).isEqualTo("x");
    assertThat(told).containsExactly(batch);
    assertThat(log.history("a", 0).events()).containsExactly(batch.get(0), batch.get(2));
  }

  @Test
  void aBatchWithAnIdTheTopicHasOrRepeatsAppendsNothing() {
    InMemoryEventLog log = log(10, Duration.ofHours(1));
    append(log, "a", "taken");
    for (List<Draft> batch :
        List.of(
            List.of(draft("a", null), draft("a", "taken")),
            List.of(draft("b", "twice"), draft("b", "twice")))) {
      assertThatThrownBy(() -> log.appendAll(batch))
          .isInstanceOfSatisfying(
              ProblemException.class,
              e -> {
                assertThat(e.problem().getStatus()).isEqualTo(409);
                assertThat(e.problem().getExtensions()).containsEntry("index", 1);
              });
    }
    assertThat(log.head().seq()).isEqualTo(1);
    assertThat(log.topic("b")).isEmpty();
    assertThat(log.appendAll(List.of(draft("c", "same"), draft("d", "same")))).hasSize(2);
  }

  @Test
  void aBatchOpeningMoreTopicsThanTheLogMayHoldAppendsNothing() {
    InMemoryEventLog log = new InMemoryEventLog(new Retention(10, Duration.ofHours(1), 2), clock);
    append(log, "a", null);
    assertThatThrownBy(
            () -> log.appendAll(List.of(draft("a", null), draft("b", null), draft("c", null))))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.problem().getStatus()).isEqualTo(409));
    assertThat(log.head().seq()).isEqualTo(1);
    assertThat(log.topics()).extracting(EventLog.TopicStats::name).containsExactly("a");
    assertThat(log.appendAll(List.of(draft("a", null), draft("b", null)))).hasSize(2);
  }

  private static Position position(EventLog log, Event event) {
    return new Position(log.head().epoch(), event.seq());
  }
}
