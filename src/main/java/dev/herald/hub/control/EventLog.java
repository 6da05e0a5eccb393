package dev.herald.hub.control;

import dev.herald.hub.entity.Draft;
import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.EventIds.Position;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one way events reach subscribers: publishing appends, and every node tails the log and fans
 * out what it reads, its own events included. Its history per topic is what replays come from.
 */
public interface EventLog extends AutoCloseable {

  /**
   * Numbers {@code draft} and appends it; when this returns the event is in the log.
   *
   * @throws dev.herald.problem.ProblemException 409 for an id the topic has, or a topic too many
   * @throws LogUnavailableException when the log cannot take it now
   */
  default Event append(Draft draft) {
    return appendAll(List.of(draft)).get(0);
  }

  /**
   * Numbers {@code drafts} and appends them in their order, all or none: every draft is checked
   * before any is appended, and when this returns they are all in the log, one after the other.
   *
   * @throws dev.herald.problem.ProblemException 409 for an id the topic or the batch has (with the
   *     draft's {@code index}), or topics too many; nothing is appended
   * @throws LogUnavailableException when the log cannot take them now; nothing is appended
   */
  List<Event> appendAll(List<Draft> drafts);

  /**
   * Tells {@code listener}, on one thread at a time and in log order, every event appended from now
   * on, on any node.
   */
  void tail(Listener listener);

  /** Where the log is now: the epoch and the last sequence number. */
  Position head();

  /** The position of the event {@code id} names in one of {@code topics}. */
  Located locate(Set<String> topics, String id);

  /** The retained events of {@code topic} after {@code seq} of the current epoch, oldest first. */
  History history(String topic, long seq);

  /** The topics the log holds, by name. */
  List<TopicStats> topics();

  Optional<TopicStats> topic(String name);

  /** Subscribers per topic on every node, as their nodes last told the log. */
  Map<String, Integer> subscribersEverywhere();

  /** True while the log takes appends and its tail reads. */
  boolean live();

  @Override
  void close();

  /** What a tail tells the hub. Called on the tail's thread; never blocks for long. */
  interface Listener {

    void appended(List<Event> events);

    /**
     * The tail cannot say what happened before {@code head}: the log lost its history (a new epoch)
     * or this node fell too far behind. Every subscriber resumes from where it was.
     */
    void lost(Position head);

    /** This node's subscribers per topic, for {@link #subscribersEverywhere}. */
    Map<String, Integer> subscribers();
  }

  /** An id's place in the log; empty with a reason when there is none to resume from. */
  record Located(Optional<Position> position, String reason) {

    public static Located at(Position position) {
      return new Located(Optional.of(position), null);
    }

    public static Located unknown() {
      return new Located(Optional.empty(), "unknown");
    }

    public static Located lost() {
      return new Located(Optional.empty(), "lost");
    }
  }

  /** Events after a position; {@code gap} when some of the events after it are gone. */
  record History(List<Event> events, boolean gap) {}

  /** A topic as the log keeps it. */
  record TopicStats(String name, String lastEventId, int retained) {}
}
