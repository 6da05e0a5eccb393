package dev.herald.hub.control;

import dev.herald.problem.Problem;
import dev.herald.problem.ProblemException;

/** The problems the hub and its logs answer with. */
public final class HubProblems {

  private HubProblems() {}

  public static ProblemException duplicateId(String topic, String id) {
    return new ProblemException(
        new Problem("urn:herald:problem:duplicate-id", 409, "Topic has an event with this id.")
            .with("topic", topic)
            .with("id", id));
  }

  /** A duplicate id at {@code index} of a batch (a batch of one says no index). */
  public static ProblemException duplicateId(String topic, String id, int index, int size) {
    ProblemException e = duplicateId(topic, id);
    return size > 1 ? e.at(index) : e;
  }

  public static ProblemException tooManyTopics(int maxTopics) {
    return new ProblemException(
        Problem.of(409, "The hub holds as many topics as it may; use an existing topic.")
            .with("maxTopics", maxTopics));
  }

  static ProblemException stopping() {
    return new ProblemException(Problem.of(503, "The hub is stopping."));
  }

  static ProblemException tooManyStreams(int maxStreams) {
    return new ProblemException(
        Problem.of(503, "Too many streams are open; try again shortly.")
            .with("maxStreams", maxStreams));
  }
}
