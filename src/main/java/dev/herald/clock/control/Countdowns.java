package dev.herald.clock.control;

import dev.herald.config.Settings;
import dev.herald.problem.Problem;
import dev.herald.problem.ProblemException;
import dev.herald.scheduling.Scheduler;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the countdown streams on the shared scheduler, at most {@code clock.max-streams} at once.
 */
@ApplicationScoped
public class Countdowns {

  static final int DEFAULT_MAX_STREAMS = 10_000;

  @Inject Scheduler scheduler;
  @Inject Settings settings;

  private final AtomicInteger running = new AtomicInteger();
  private final Clock clock = Clock.systemDefaultZone();
  private int maxStreams;

  @PostConstruct
  void configure() {
    maxStreams = settings.number("clock.max-streams", DEFAULT_MAX_STREAMS, 1, 1_000_000);
  }

  /** Sends ticks {@code first..last}, the first at once, then one every {@code intervalMillis}. */
  public void start(SseEventSink sink, Sse sse, int first, int last, int intervalMillis) {
    if (running.incrementAndGet() > maxStreams) {
      running.decrementAndGet();
      throw new ProblemException(
          Problem.of(503, "Too many countdowns are running; try again shortly.")
              .with("maxStreams", maxStreams));
    }
    Countdown countdown =
        new Countdown(sink, sse, clock, first, last, intervalMillis, running::decrementAndGet);
    // paced, not at a fixed rate: a late tick must not be followed by a catch-up burst
    countdown.scheduledAs(scheduler.paced(intervalMillis, countdown));
  }

  public int running() {
    return running.get();
  }
}
