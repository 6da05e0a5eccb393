package dev.herald.feeds.control;

import java.time.Duration;

/** A producer that publishes one sample into its topic at a steady interval. */
public interface Feed {

  /** The hub topic the samples go to; also the feed's name in settings. */
  String topic();

  Duration defaultInterval();

  /** Takes a sample now; called from the scheduler, never concurrently with itself. */
  Object sample();
}
