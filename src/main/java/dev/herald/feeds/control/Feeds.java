package dev.herald.feeds.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.config.Settings;
import dev.herald.hub.control.Hub;
import dev.herald.problem.ProblemException;
import dev.herald.scheduling.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts every {@link Feed} when the application starts and stops them on undeploy. Feeds only
 * produce samples; publishing them into the hub happens here, so a feed knows nothing of topics'
 * subscribers or of SSE.
 */
@ApplicationScoped
public class Feeds {

  private static final Logger LOG = Logger.getLogger(Feeds.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject Settings settings;
  @Inject Scheduler scheduler;
  @Inject Hub hub;
  @Inject Instance<Feed> feeds;

  private final List<ScheduledFuture<?>> running = new ArrayList<>();

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
      FeedRun run = new FeedRun(feed, sample -> publish(feed.topic(), sample));
      running.add(scheduler.every(interval.toMillis(), 0, run));
    }
  }

  private void publish(String topic, Object sample) {
    try {
      hub.publish(topic, null, JSON.valueToTree(sample), null);
    } catch (ProblemException e) {
      if (e.problem().getStatus() != 503) {
        throw e;
      }
      // the log is down and has said so once; this sample is skipped, the next one may go
      LOG.log(Level.FINE, "Feed " + topic + " skipped a sample", e);
    }
  }

  @PreDestroy
  void stop() {
    running.forEach(future -> future.cancel(false));
    running.clear();
  }
}
