package dev.herald.feeds.control;

import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One scheduled run of a feed. A failure must not end the schedule (an executor cancels a periodic
 * task that throws), and a feed that fails every second must not flood the log: the first failure
 * of a streak is logged, the rest only at FINE until the feed works again.
 */
final class FeedRun implements Runnable {

  private static final Logger LOG = Logger.getLogger(FeedRun.class.getName());

  private final Feed feed;
  private final Consumer<Object> publisher;
  private int failuresInARow;

  FeedRun(Feed feed, Consumer<Object> publisher) {
    this.feed = feed;
    this.publisher = publisher;
  }

  @Override
  public void run() {
    try {
      publisher.accept(feed.sample());
      if (failuresInARow > 0) {
        LOG.info(
            () -> "Feed " + feed.topic() + " works again after " + failuresInARow + " failures");
        failuresInARow = 0;
      }
    } catch (RuntimeException e) {
      failuresInARow++;
      Level level = failuresInARow == 1 ? Level.WARNING : Level.FINE;
      LOG.log(level, e, () -> "Feed " + feed.topic() + " failed; it keeps its schedule");
    }
  }

  int failuresInARow() {
    return failuresInARow;
  }
}
