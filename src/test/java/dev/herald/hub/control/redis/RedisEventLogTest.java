package dev.herald.hub.control.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.config.Settings;
import dev.herald.hub.control.EventLog;
import dev.herald.hub.control.LogUnavailableException;
import dev.herald.hub.control.Retention;
import dev.herald.hub.entity.Draft;
import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.EventIds.Position;
import dev.herald.problem.ProblemException;
import dev.herald.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis log of two nodes against a real redis-server of the test's own. */
class RedisEventLogTest {

  private RedisServer redis;
  private RedisEventLog one;
  private RedisEventLog two;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start();
    one = open("one");
    two = open("two");
  }

  private RedisEventLog open(String node) {
    return open(node, 100);
  }

  private RedisEventLog open(String node, int maxTopics) {
    Settings settings = new Settings(name -> null, name -> null);
    return RedisEventLog.open(
        RedisSettings.of(settings, redis.url()),
        new Retention(3, Duration.ofHours(1), maxTopics),
        node);
  }

  private static Draft draft(String topic, String id) {
    return new Draft(topic, "message", "{\"n\":1}", id, false);
  }

  private static void assertConflictAt(Runnable append, int index) {
    assertThatThrownBy(append::run)
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().getStatus()).isEqualTo(409);
              assertThat(e.problem().getExtensions()).containsEntry("index", index);
            });
  }

  @AfterEach
  void stop() throws Exception {
    one.close();
    two.close();
    redis.close();
  }

  private static Event append(EventLog log, String topic, String id) {
    return log.append(new Draft(topic, "message", "{\"n\":1}", id, false));
  }

  @Test
  void everyNodeReadsEveryEventInOneOrder() throws Exception {
    Tail onOne = Tail.of(one);
    Tail onTwo = Tail.of(two);
    Event a = append(one, "a", null);
    Event b = append(two, "b", "mine");
    Event c = append(one, "a", null);
    for (Tail tail : List.of(onOne, onTwo)) {
      assertThat(tail.next()).isEqualTo(a);
      assertThat(tail.next()).isEqualTo(b);
      assertThat(tail.next()).isEqualTo(c);
    }
    assertThat(c.seq()).isEqualTo(a.seq() + 2);
  }

  @Test
  void aMercureUpdatesTopicsAndRetryTravelWithItToEveryNodeAndItsHistory() throws Exception {
    Tail onTwo = Tail.of(two);
    Draft update =
        new Draft(
            "mercure",
            "message",
            "line\n\nline",
            "urn:u:1",
            true,
            List.of("https://example.com/books/1", "/books/{id}"),
            1500L,
            false);
    Event appended = one.append(update);
    Event read = onTwo.next();
    assertThat(read).isEqualTo(appended);
    assertThat(read.iris()).containsExactly("https://example.com/books/1", "/books/{id}");
    assertThat(read.isPrivate()).isTrue();
    assertThat(read.frame().toString())
        .isEqualTo("id: urn:u:1\nretry: 1500\ndata: line\ndata: \ndata: line\n\n");
    assertThat(two.history("mercure", 0).events()).containsExactly(appended);
    assertThat(append(one, "plain", null).iris()).isEmpty();
  }

  @Test
  void aReusableIdNamesItsNewestEventOnEveryNode() {
    Draft update = new Draft("mercure", "message", "d", "same", false, List.of("a"), null, true);
    Event first = one.append(update);
    Event second = two.append(update);
    assertThat(second.seq()).isGreaterThan(first.seq());
    assertThat(one.locate(Set.of("mercure"), "same").position().orElseThrow().seq())
        .isEqualTo(second.seq());
    // retention keeps 3: the first is dropped, and the id still names the second
    one.append(new Draft("mercure", "message", "d", "x", false, List.of("a"), null, true));
    one.append(new Draft("mercure", "message", "d", "y", false, List.of("a"), null, true));
    assertThat(two.history("mercure", 0).events()).doesNotContain(first);
    assertThat(two.locate(Set.of("mercure"), "same").position().orElseThrow().seq())
        .isEqualTo(second.seq());
    assertThatThrownBy(() -> append(one, "mercure", "same")).isInstanceOf(ProblemException.class);
  }

  @Test
  void keepsHistoryPerTopicSoABusyTopicDoesNotEvictAQuietOne() {
    Event quiet = append(one, "quiet", "q-1");
    for (int i = 0; i < 10; i++) {
      append(two, "busy", "b-" + i);
    }
    assertThat(one.history("quiet", 0).events()).containsExactly(quiet);
    assertThat(one.history("quiet", 0).gap()).isFalse();
    EventLog.History busy = two.history("busy", 0);
    assertThat(busy.events()).extracting(Event::id).containsExactly("b-7", "b-8", "b-9");
    assertThat(busy.gap()).isTrue();
    assertThat(one.topic("busy").orElseThrow().retained()).isEqualTo(3);
    assertThat(one.topics()).extracting(EventLog.TopicStats::name).containsExactly("busy", "quiet");
    assertThat(one.topics()).extracting(EventLog.TopicStats::retained).containsExactly(3, 1);
    // the id of an event no longer retained is free again, as on one node
    assertThat(append(one, "busy", "b-0").id()).isEqualTo("b-0");
  }

  @Test
  void aPublisherIdIsUniquePerTopicAcrossNodes() {
    append(one, "a", "order-1");
    assertThatThrownBy(() -> append(two, "a", "order-1"))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.problem().getStatus()).isEqualTo(409));
    assertThat(append(two, "b", "order-1").id()).isEqualTo("order-1");
    assertThat(one.locate(Set.of("a"), "order-1").position()).isPresent();
  }

  @Test
  void aRedisThatLostItsDataStartsANewEpochAndTheTailSaysSo() throws Exception {
    Tail tail = Tail.of(one);
    Event before = append(one, "a", null);
    assertThat(tail.next()).isEqualTo(before);
    String epoch = one.head().epoch();
    redis.restartEmpty();
    Position lost = tail.awaitLost();
    assertThat(lost.epoch()).isNotEqualTo(epoch);
    Event after = append(two, "a", null);
    assertThat(after.id()).endsWith("-" + lost.epoch());
    assertThat(tail.next()).isEqualTo(after);
    assertThat(one.locate(Set.of("a"), before.id())).isEqualTo(EventLog.Located.lost());
    assertThat(one.live()).isTrue();
  }

  @Test
  void aFrozenRedisRefusesAppendsWithinTheTimeoutAndTheTailGoesDownThenCatchesUp()
      throws Exception {
    Tail tail = Tail.of(one);
    redis.freeze();
    try {
      long started = System.nanoTime();
      assertThatThrownBy(() -> append(one, "a", null)).isInstanceOf(LogUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      awaitCondition(() -> !one.live());
    } finally {
      redis.thaw();
    }
    awaitCondition(one::live);
    Event after = append(two, "a", null);
    assertThat(tail.next()).isEqualTo(after);
    assertThat(tail.lost).isEmpty();
  }

  @Test
  void historyAfterAnEventHoldsOnlyTheEventsAfterItAlsoAfterAFreeze() throws Exception {
    Event first = append(one, "a", null);
    Event second = append(two, "a", null);
    assertThat(one.history("a", first.seq()).events()).containsExactly(second);
    redis.freeze();
    try {
      assertThatThrownBy(() -> one.history("a", first.seq()))
          .isInstanceOf(LogUnavailableException.class);
      assertThatThrownBy(() -> one.locate(Set.of("a"), first.id()))
          .isInstanceOf(LogUnavailableException.class);
    } finally {
      redis.thaw();
    }
    assertThat(one.locate(Set.of("a"), first.id()).position())
        .hasValue(new Position(one.locate(Set.of("a"), first.id()).position().get().epoch(), 1));
    assertThat(one.history("a", first.seq()).events()).containsExactly(second);
  }

  @Test
  void aBatchIsAppendedInItsOrderOneAfterTheOtherAndEveryNodeReadsIt() throws Exception {
    Tail onTwo = Tail.of(two);
    Event first = append(one, "a", null);
    List<Event> batch =
        one.appendAll(List.of(draft("a", "x-1"), draft("b", null), draft("a", null)));
    assertThat(batch).extracting(Event::seq).containsExactly(2L, 3L, 4L);
    assertThat(batch.get(0).id()).isEqualTo("x-1");
    assertThat(onTwo.next()).isEqualTo(first);
    for (Event event : batch) {
      assertThat(onTwo.next()).isEqualTo(event);
    }
    assertThat(two.history("a", 0).events()).containsExactly(first, batch.get(0), batch.get(2));
    assertThat(two.topic("b").orElseThrow().lastEventId()).isEqualTo(batch.get(1).id());
  }

  @Test
  void aBatchLargerThanTheRetentionKeepsItsNewestEvents() {
    List<Event> batch =
        one.appendAll(
            List.of(
                draft("a", "r-1"),
                draft("a", "r-2"),
                draft("a", "r-3"),
                draft("a", "r-4"),
                draft("a", "r-5")));
    EventLog.History history = two.history("a", 0);
    assertThat(history.events()).containsExactlyElementsOf(batch.subList(2, 5));
    assertThat(history.gap()).isTrue();
    assertThat(append(two, "a", "r-1").id()).as("a dropped event's id is free").isEqualTo("r-1");
  }

  @Test
  void aBatchWithAnIdTheTopicHasOrRepeatsAppendsNothing() {
    long head = append(one, "a", "taken").seq();
    assertConflictAt(() -> two.appendAll(List.of(draft("a", null), draft("a", "taken"))), 1);
    assertConflictAt(
        () -> two.appendAll(List.of(draft("b", "twice"), draft("c", null), draft("b", "twice"))),
        2);
    // the same id in two topics is two events
    assertThat(two.appendAll(List.of(draft("d", "same"), draft("e", "same")))).hasSize(2);
    assertThat(one.history("a", 0).events()).extracting(Event::id).containsExactly("taken");
    assertThat(one.topic("b")).isEmpty();
    assertThat(one.topic("c")).isEmpty();
    assertThat(one.locate(Set.of("a"), "taken").position().orElseThrow().seq()).isEqualTo(head);
    assertThat(append(one, "b", "twice").seq()).isEqualTo(head + 3);
  }

  @Test
  void aBatchOpeningMoreTopicsThanTheLogMayHoldAppendsNothing() {
    try (RedisEventLog small = open("small", 2)) {
      append(small, "a", null);
      assertThatThrownBy(
              () -> small.appendAll(List.of(draft("a", null), draft("b", null), draft("c", null))))
          .isInstanceOfSatisfying(
              ProblemException.class, e -> assertThat(e.problem().getStatus()).isEqualTo(409));
      assertThat(small.topics()).extracting(EventLog.TopicStats::name).containsExactly("a");
      assertThat(small.history("a", 0).events()).hasSize(1);
      assertThat(small.appendAll(List.of(draft("a", null), draft("b", null)))).hasSize(2);
    }
  }

  @Test
  void aBatchRefusedWhileRedisIsFrozenIsNotAppendedLater() throws Exception {
    Tail tail = Tail.of(one);
    redis.freeze();
    try {
      assertThatThrownBy(() -> one.appendAll(List.of(draft("a", null), draft("a", null))))
          .isInstanceOf(LogUnavailableException.class);
    } finally {
      redis.thaw();
    }
    awaitCondition(one::live);
    Event after = append(one, "a", null);
    assertThat(tail.next()).as("the refused batch was not appended later").isEqualTo(after);
    assertThat(two.history("a", 0).events()).containsExactly(after);
  }

  private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 15 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** What a log's tail tells, as queues; waits until the tail has read the log's head. */
  private static final class Tail implements EventLog.Listener {
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final BlockingQueue<Position> lost = new LinkedBlockingQueue<>();

    static Tail of(EventLog log) throws InterruptedException {
      Tail tail = new Tail();
      log.tail(tail);
      awaitCondition(log::live);
      tail.lost.clear();
      return tail;
    }

    Position awaitLost() throws InterruptedException {
      Position position = lost.poll(15, TimeUnit.SECONDS);
      assertThat(position).as("the tail tells the loss").isNotNull();
      return position;
    }

    Event next() throws InterruptedException {
      Event event = events.poll(10, TimeUnit.SECONDS);
      assertThat(event).as("the tail reads the event").isNotNull();
      return event;
    }

    @Override
    public void appended(List<Event> appended) {
      events.addAll(appended);
    }

    @Override
    public void lost(Position head) {
      lost.add(head);
    }

    @Override
    public Map<String, Integer> subscribers() {
      return Map.of();
    }
  }
}
