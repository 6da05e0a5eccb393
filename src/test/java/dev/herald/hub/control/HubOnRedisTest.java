package dev.herald.hub.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.config.Settings;
import dev.herald.hub.control.redis.RedisEventLog;
import dev.herald.hub.control.redis.RedisSettings;
import dev.herald.hub.entity.Event;
import dev.herald.problem.ProblemException;
import dev.herald.scheduling.OwnSchedulers;
import dev.herald.scheduling.Scheduler;
import dev.herald.sse.EventFrame;
import dev.herald.sse.EventStream;
import dev.herald.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub over the Redis log of a real redis-server, with streams that record what they get. */
class HubOnRedisTest {

  private RedisServer redis;
  private Scheduler scheduler;
  private Hub hub;

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start();
    scheduler = OwnSchedulers.started();
    Settings settings = new Settings(Map.of("herald.hub.heartbeat", "200")::get, name -> null);
    hub = new Hub();
    hub.settings = settings;
    hub.scheduler = scheduler;
    hub.log =
        RedisEventLog.open(
            RedisSettings.of(
                new Settings(Map.of("herald.redis.timeout", "500")::get, name -> null),
                redis.url()),
            new Retention(100, Duration.ofHours(1), 100),
            "test");
    hub.start();
    awaitCondition(hub::logLive);
  }

  @AfterEach
  void stop() throws Exception {
    hub.stop();
    hub.log.close();
    OwnSchedulers.stop(scheduler);
    redis.close();
  }

  @Test
  void aStreamThatResumesWhileRedisIsFrozenGetsExactlyWhatCameAfterItsId() throws Exception {
    Recorded open = subscribe(null);
    Event before = hub.publishText("t", null, "before", null);
    awaitCondition(() -> open.ids().contains(before.id()));
    redis.freeze();
    Recorded during;
    try {
      awaitCondition(() -> !hub.logLive());
      assertThatThrownBy(() -> hub.publishText("t", null, "refused", null))
          .isInstanceOfSatisfying(
              ProblemException.class, e -> assertThat(e.problem().getStatus()).isEqualTo(503));
      during = subscribe(before.id());
    } finally {
      redis.thaw();
    }
    awaitCondition(hub::logLive);
    Event after = hub.publishText("t", null, "after", null);
    awaitCondition(() -> during.ids().contains(after.id()));
    assertThat(during.ids()).containsExactly(after.id());
    assertThat(open.ids())
        .as("the refused event was not appended later")
        .containsExactly(before.id(), after.id());
  }

  @Test
  void aPrivateEventReachesOnlyReadersAllowedToReadItLiveAndInReplay() throws Exception {
    Recorded anonymous = subscribe(null);
    Recorded allowed = subscribe(null, topic -> topic.equals("t"));
    Event first = hub.publishText("t", null, "public", null);
    Event secret = hub.publishText("t", null, "secret", null, true);
    Event last = hub.publishText("t", null, "public again", null);
    awaitCondition(() -> anonymous.ids().contains(last.id()) && allowed.ids().contains(last.id()));
    assertThat(anonymous.ids()).containsExactly(first.id(), last.id());
    assertThat(allowed.ids()).containsExactly(first.id(), secret.id(), last.id());
    Recorded replayed = subscribe(first.id());
    awaitCondition(() -> replayed.ids().contains(last.id()));
    assertThat(replayed.ids()).containsExactly(last.id());
    Recorded replayedToReader = subscribe(first.id(), topic -> true);
    awaitCondition(() -> replayedToReader.ids().contains(last.id()));
    assertThat(replayedToReader.ids()).containsExactly(secret.id(), last.id());
  }

  @Test
  void aBatchReachesStreamsInItsOrderAndABadOneNamesItsEventAndPublishesNone() throws Exception {
    Recorded open = subscribe(null);
    List<Event> batch =
        hub.publishAll(
            "t",
            List.of(
                new Hub.Published(null, "1", "b-1", false),
                new Hub.Published("tick", "2", null, false),
                new Hub.Published(null, "3", null, false)));
    assertThat(batch).extracting(Event::type).containsExactly("message", "tick", "message");
    awaitCondition(() -> open.ids().size() == 3);
    assertThat(open.ids()).containsExactlyElementsOf(batch.stream().map(Event::id).toList());
    assertThatThrownBy(
            () ->
                hub.publishAll(
                    "t",
                    List.of(
                        new Hub.Published(null, "4", null, false),
                        new Hub.Published("a\nb", "5", null, false))))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.problem().getExtensions()).containsEntry("index", 1));
    assertThatThrownBy(
            () ->
                hub.publishAll(
                    "t",
                    List.of(
                        new Hub.Published(null, "4", null, false),
                        new Hub.Published(null, "5", "b-1", false))))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.problem().getStatus()).isEqualTo(409);
              assertThat(e.problem().getExtensions()).containsEntry("index", 1);
            });
    Event after = hub.publishText("t", null, "after", null);
    awaitCondition(() -> open.ids().contains(after.id()));
    assertThat(open.ids()).hasSize(4).endsWith(after.id());
  }

  private Recorded subscribe(String lastEventId) {
    return subscribe(lastEventId, Reader.PUBLIC);
  }

  private Recorded subscribe(String lastEventId, Reader reader) {
    Recorded stream = new Recorded();
    hub.subscribe(Set.of("t"), lastEventId, reader, () -> stream);
    return stream;
  }

  private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 15 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  /** A stream that keeps every frame written to it. */
  private static final class Recorded implements EventStream {
    final List<EventFrame> frames = new CopyOnWriteArrayList<>();

    List<String> ids() {
      return frames.stream()
          .filter(EventFrame::isEvent)
          .map(frame -> frame.toString().lines().findFirst().orElse(""))
          .map(line -> line.startsWith("id: ") ? line.substring(4) : line)
          .toList();
    }

    @Override
    public boolean write(List<EventFrame> written) {
      frames.addAll(written);
      return true;
    }

    @Override
    public void close(long waitMillis) {}
  }
}
