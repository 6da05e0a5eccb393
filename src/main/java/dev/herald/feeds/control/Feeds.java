package dev.herald.feeds.control;

import dev.herald.broadcast.boundary.Topics;
import dev.herald.config.Settings;
import dev.herald.problem.ProblemException;
import dev.herald.scheduling.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseBroadcaster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts every {@link Feed} when the application starts and stops them on undeploy. Feeds only
 * produce samples; broadcasting them happens here, through the standard {@code SseBroadcaster} of
 * the feed's topic ({@link Topics}), as any application's own scheduled feed would.
 */
@ApplicationScoped
public class Feeds {

  private static final Logger LOG = Logger.getLogger(Feeds.class.getName());

  @Inject Settings settings;
  @Inject Scheduler scheduler;
  @Inject Topics topics;
  @Inject Instance<Feed> feeds;

  private final List<ScheduledFuture<?>> running = new ArrayList<>();
  private final List<SseBroadcaster> broadcasters = new ArrayList<>();

  void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
    for (Feed feed : feeds) {
      String name = "feeds." + feed.topic();
      if (!settings.flag(name + ".enabled", true)) {
        LOG.info(() -> "Feed " + feed.topic() + " is off");
        continue;
      }
      Duration interval =
          settings.millis(
              name + ".interval",
              feed.defaultInterval(),
              Duration.ofMillis(100),
              Duration.ofHours(1));
      SseBroadcaster broadcaster = topics.broadcaster(feed.topic());
      broadcasters.add(broadcaster);
      FeedRun run = new FeedRun(feed, sample -> broadcast(broadcaster, feed.topic(), sample));
      running.add(scheduler.every(interval.toMillis(), 0, run));
    }
  }

  private void broadcast(SseBroadcaster broadcaster, String topic, Object sample) {
    var event = topics.newEvent().mediaType(MediaType.APPLICATION_JSON_TYPE).data(sample).build();
    try {
      broadcaster.broadcast(event).toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof ProblemException problem
          && problem.problem().getStatus() == 503) {
        // the log is down and has said so once; this sample is skipped, the next one may go
        LOG.log(Level.FINE, "Feed " + topic + " skipped a sample", problem);
        return;
      }
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  @PreDestroy
  void stop() {
    running.forEach(future -> future.cancel(false));
    running.clear();
    broadcasters.forEach(SseBroadcaster::close);
    broadcasters.clear();
  }
}
