package dev.herald.hub.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.config.Settings;
import dev.herald.hub.entity.Event;
import dev.herald.scheduling.OwnSchedulers;
import dev.herald.scheduling.Scheduler;
import dev.herald.sse.EventFrame;
import dev.herald.sse.EventStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The hub over the in-memory log, with streams that record what they get. */
class HubTest {

  private Scheduler scheduler;
  private Hub hub;

  @BeforeEach
  void start() {
    scheduler = OwnSchedulers.started();
    hub = new Hub();
    hub.settings = new Settings(Map.<String, String>of()::get, name -> null);
    hub.scheduler = scheduler;
    hub.log = new InMemoryEventLog(new Retention(100, Duration.ofHours(1), 100), Clock.systemUTC());
    hub.start();
  }

  @AfterEach
  void stop() {
    hub.stop();
    OwnSchedulers.stop(scheduler);
  }

  @Test
  void anEventPublishedAsSoonAsTheStreamIsOpenReachesIt() throws Exception {
    List<EventFrame> frames = new CopyOnWriteArrayList<>();
    Event[] published = new Event[1];
    hub.subscribe(
        Set.of("t"),
        null,
        () -> {
          // the client has the stream's head and publishes at once
          published[0] = hub.publishText("t", null, "right away", null);
          return new Recording(frames);
        });
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (frames.stream().noneMatch(frame -> frame.equals(published[0].frame()))) {
      assertThat(System.nanoTime()).as("the event within 5 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private record Recording(List<EventFrame> frames) implements EventStream {
    @Override
    public boolean write(List<EventFrame> written) {
      frames.addAll(written);
      return true;
    }

    @Override
    public void close(long waitMillis) {}
  }
}
