package dev.herald.hub.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.config.Settings;
import dev.herald.hub.entity.Draft;
import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.EventIds;
import dev.herald.hub.entity.EventIds.Position;
import dev.herald.hub.entity.TopicView;
import dev.herald.problem.Problem;
import dev.herald.problem.ProblemException;
import dev.herald.scheduling.Scheduler;
import dev.herald.sse.EventFrame;
import dev.herald.sse.EventStream;
import dev.herald.sse.SseFields;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where events and subscribers meet. A publish appends to the log; the log's tail hands every
 * event, from this node or another, to {@link Fanout}, which queues it for the subscribers of its
 * topic in log order. A subscriber joins the live events at the hub's head and, if it resumes, gets
 * the log's history up to that head first, read outside the hub's lock.
 */
@ApplicationScoped
public class Hub {

  public static final String RESET_TYPE = Replay.RESET_TYPE;
  static final int DEFAULT_BACKLOG = 512;
  static final int DEFAULT_WRITERS = 4;
  static final int DEFAULT_MAX_STREAMS = 10_000;
  static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
  static final Duration DEFAULT_RETRY = Duration.ofSeconds(3);
  static final long RESUME_RETRY_MILLIS = 500;
  private static final long ABANDONED_GRACE_MILLIS = 1000;
  private static final EventFrame HEARTBEAT = EventFrame.comment("heartbeat");
  private static final Logger LOG = Logger.getLogger(Hub.class.getName());

  @Inject Settings settings;
  @Inject Scheduler scheduler;
  @Inject EventLog log;

  private final Object lock = new Object();
  private final Subscriptions subscriptions = new Subscriptions();
  private final HubCounters counters = new HubCounters();
  private final AtomicInteger open = new AtomicInteger();
  private final Set<Subscriber> resuming = ConcurrentHashMap.newKeySet();
  private final Set<EventStream> abandoned = ConcurrentHashMap.newKeySet();
  private Position head;
  private volatile boolean stopped;
  private int backlog;
  private int maxStreams;
  private long heartbeatNanos;
  private EventFrame retry;
  private Writers writers;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();

  @PostConstruct
  void start() {
    backlog = settings.number("hub.backlog", DEFAULT_BACKLOG, 1, 1_000_000);
    maxStreams = settings.number("hub.max-streams", DEFAULT_MAX_STREAMS, 1, 1_000_000);
    Duration heartbeat =
        settings.millis(
            "hub.heartbeat", DEFAULT_HEARTBEAT, Duration.ofMillis(100), Duration.ofHours(1));
    heartbeatNanos = heartbeat.toNanos();
    retry =
        EventFrame.retry(
            settings
                .millis("hub.retry", DEFAULT_RETRY, Duration.ZERO, Duration.ofHours(1))
                .toMillis());
    writers =
        new Writers(
            settings.number("hub.writers", DEFAULT_WRITERS, 1, 64),
            maxStreams,
            this::gone,
            counters.delivered::addAndGet);
    head = log.head();
    log.tail(new Fanout());
    long scan = Math.max(50, heartbeat.toMillis() / 4);
    timers.add(scheduler.every(scan, scan, this::heartbeat));
    timers.add(scheduler.every(RESUME_RETRY_MILLIS, RESUME_RETRY_MILLIS, this::resumeWaiting));
  }

  public Event publish(String topic, String type, JsonNode data, String clientId) {
    return publishText(topic, type, data.toString(), clientId, false);
  }

  public Event publish(
      String topic, String type, JsonNode data, String clientId, boolean isPrivate) {
    return publishText(topic, type, data.toString(), clientId, isPrivate);
  }

  public Event publishText(String topic, String type, String data, String clientId) {
    return publishText(topic, type, data, clientId, false);
  }

  /**
   * Publishes {@code data} as the event's text; when this returns the event is in the log. {@code
   * type} null means {@code message}; {@code clientId} null lets the log number the event. A
   * private event reaches only the subscribers whose reader may read the topic's private events.
   */
  public Event publishText(
      String topic, String type, String data, String clientId, boolean isPrivate) {
    return publishUpdate(topic, List.of(), type, data, clientId, isPrivate, null);
  }

  /**
   * As {@link #publishText(String, String, String, String, boolean)}, for an event that also
   * carries a Mercure update's topic IRIs (canonical first) and its reconnection time in
   * milliseconds (null for none). Mercure lets a publisher reuse an id; it then names the newest.
   */
  public Event publishUpdate(
      String topic,
      List<String> iris,
      String type,
      String data,
      String clientId,
      boolean isPrivate,
      Long retry) {
    return append(List.of(draft(topic, iris, type, data, clientId, isPrivate, retry))).get(0);
  }

  /**
   * Publishes {@code events} in their order, all or none: each is checked as {@link #publishText}
   * checks one (a problem names the failing event's {@code index}) before any is appended. When
   * this returns they are all in the log, numbered one after the other.
   */
  public List<Event> publishAll(String topic, List<Published> events) {
    requireTopic(topic);
    List<Draft> drafts = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Published event = events.get(i);
      try {
        drafts.add(
            draft(
                topic, List.of(), event.type(), event.data(), event.id(), event.isPrivate(), null));
      } catch (ProblemException e) {
        throw e.at(i);
      }
    }
    return append(drafts);
  }

  /** An event as a publisher gives it: its text, whether it is private, its type and id or null. */
  public record Published(String type, String data, String id, boolean isPrivate) {}

  private static Draft draft(
      String topic,
      List<String> iris,
      String type,
      String data,
      String clientId,
      boolean isPrivate,
      Long retry) {
    requireTopic(topic);
    String eventType = type == null ? "message" : requireField("type", type);
    if (clientId != null) {
      requireField("id", clientId);
      if (EventIds.reserved(clientId)) {
        throw ProblemException.invalidParameter(
            "id", "An id of digits, or digits, '-' and a lowercase word, is the hub's own.");
      }
    }
    return new Draft(topic, eventType, data, clientId, isPrivate, iris, retry, !iris.isEmpty());
  }

  private List<Event> append(List<Draft> drafts) {
    requireRunning();
    try {
      List<Event> events = log.appendAll(drafts);
      counters.published.addAndGet(events.size());
      return events;
    } catch (LogUnavailableException e) {
      counters.publishFailures.incrementAndGet();
      LOG.log(Level.FINE, "Publish refused: the log is unavailable", e);
      throw new ProblemException(
              Problem.of(503, "The event log is unavailable; nothing was published. Try again."))
          .withRetryAfter(1);
    }
  }

  /**
   * Opens a stream over {@code names}: a retry hint, then (after {@code lastEventId}) the replay,
   * then live events. An id the hub cannot resume from exactly is announced with a {@code
   * herald-reset} event before the whole retained replay. Call it on the request thread: the stream
   * is opened there once the request is accepted, and the retry hint written there commits the
   * response before any writer thread touches it.
   */
  public void subscribe(Set<String> names, String lastEventId, Supplier<EventStream> opener) {
    subscribe(names, lastEventId, Reader.PUBLIC, opener);
  }

  /**
   * As {@link #subscribe(Set, String, Supplier)}, for {@code reader}: private events it may not
   * read are left out, live and in replay, and its stream ends at its {@link Reader#expiresAt}.
   */
  public void subscribe(
      Set<String> names, String lastEventId, Reader reader, Supplier<EventStream> opener) {
    names.forEach(Hub::requireTopic);
    requireRunning();
    if (open.incrementAndGet() > maxStreams) {
      open.decrementAndGet();
      throw HubProblems.tooManyStreams(maxStreams);
    }
    Subscriber subscriber = new Subscriber(Set.copyOf(names), backlog, reader);
    Replay.From from = lastEventId == null ? null : Replay.From.id(lastEventId);
    if (from != null) {
      counters.replays.incrementAndGet();
    }
    // registered before its head is sent: whatever a client publishes once it has the head
    // reaches it
    synchronized (lock) {
      subscriber.join(head, from);
      subscriptions.add(subscriber);
    }
    try {
      subscriber.attach(opener.get());
    } catch (RuntimeException e) {
      synchronized (lock) {
        remove(subscriber);
      }
      throw e;
    }
    subscriber.stream().listen(new StreamListener(subscriber));
    if (stopped || subscriber.isClosing()) {
      gone(subscriber);
      Writers.closeQuietly(subscriber);
      return;
    }
    writers.start(subscriber, retry);
    if (from != null) {
      resume(subscriber);
    }
  }

  /** Reads a waiting subscriber's replay and queues it; if the log cannot, a timer tries again. */
  private void resume(Subscriber subscriber) {
    Replay.From from = subscriber.resumeFrom();
    Position through = subscriber.through();
    if (from == null || subscriber.isClosing()) {
      resuming.remove(subscriber);
      return;
    }
    List<EventFrame> frames;
    try {
      frames =
          Replay.of(
              log,
              subscriber.topics(),
              from,
              through,
              subscriber::mayRead,
              subscriber.announcesReset());
    } catch (LogUnavailableException e) {
      LOG.log(Level.FINE, "Replay waits for the log", e);
      resuming.add(subscriber);
      return;
    }
    if (subscriber.replayed(from, through, frames)) {
      resuming.remove(subscriber);
      writers.schedule(subscriber);
    } else {
      resuming.add(subscriber);
    }
  }

  private void resumeWaiting() {
    if (!resuming.isEmpty() && log.live()) {
      List.copyOf(resuming).forEach(this::resume);
    }
  }

  /** Every event the log's tail reads, in log order, queued for the subscribers of its topic. */
  private final class Fanout implements EventLog.Listener {

    @Override
    public void appended(List<Event> events) {
      // a batch reaches most subscribers many times over: each is scheduled once
      Collection<Subscriber> touched =
          events.size() == 1
              ? new ArrayList<>()
              : Collections.newSetFromMap(new IdentityHashMap<>());
      List<Subscriber> slow = new ArrayList<>();
      synchronized (lock) {
        for (Event event : events) {
          head = new Position(head.epoch(), event.seq());
          for (Subscriber subscriber : subscriptions.of(event.topic())) {
            if (!subscriber.mayRead(event)) {
              continue;
            }
            if (!subscriber.offer(event)) {
              slow.add(subscriber);
            }
            touched.add(subscriber);
          }
          if (!slow.isEmpty()) {
            counters.dropped.addAndGet(slow.size());
            slow.forEach(Hub.this::remove);
            slow.clear();
          }
        }
      }
      Event newest = events.get(events.size() - 1);
      counters.tailLagMillis =
          Math.max(0, System.currentTimeMillis() - newest.publishedAt().toEpochMilli());
      touched.forEach(writers::schedule);
    }

    @Override
    public void lost(Position newHead) {
      List<Subscriber> all;
      synchronized (lock) {
        head = newHead;
        all = subscriptions.all();
        all.forEach(subscriber -> subscriber.rejoin(newHead));
      }
      LOG.info(
          () ->
              "The event log's history before %s is not this node's: %d streams resume from where they were"
                  .formatted(EventIds.of(newHead.seq(), newHead.epoch()), all.size()));
      resuming.addAll(all);
      scheduler.after(0, Hub.this::resumeWaiting);
    }

    @Override
    public Map<String, Integer> subscribers() {
      synchronized (lock) {
        return subscriptions.counts();
      }
    }
  }

  /** What a subscriber's stream learns by itself, passed on to the writers and the hub. */
  private final class StreamListener implements EventStream.Listener {

    private final Subscriber subscriber;

    StreamListener(Subscriber subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void writable() {
      writers.resume(subscriber);
    }

    @Override
    public void ended() {
      gone(subscriber);
    }
  }

  public List<TopicView> topicViews() {
    Map<String, Integer> here;
    synchronized (lock) {
      here = subscriptions.counts();
    }
    Map<String, Integer> everywhere = log.subscribersEverywhere();
    Map<String, EventLog.TopicStats> stats = new HashMap<>();
    log.topics().forEach(topic -> stats.put(topic.name(), topic));
    Set<String> names = new TreeSet<>(stats.keySet());
    names.addAll(here.keySet());
    names.addAll(everywhere.keySet());
    return names.stream().map(name -> view(name, stats.get(name), here, everywhere)).toList();
  }

  public Optional<TopicView> topic(String name) {
    Map<String, Integer> here;
    synchronized (lock) {
      here = subscriptions.counts();
    }
    Map<String, Integer> everywhere = log.subscribersEverywhere();
    Optional<EventLog.TopicStats> stats = log.topic(name);
    if (stats.isEmpty() && !here.containsKey(name) && !everywhere.containsKey(name)) {
      return Optional.empty();
    }
    return Optional.of(view(name, stats.orElse(null), here, everywhere));
  }

  private static TopicView view(
      String name,
      EventLog.TopicStats stats,
      Map<String, Integer> here,
      Map<String, Integer> everywhere) {
    int local = here.getOrDefault(name, 0);
    return new TopicView(
        name,
        Math.max(local, everywhere.getOrDefault(name, 0)),
        local,
        stats == null ? null : stats.lastEventId(),
        stats == null ? 0 : stats.retained());
  }

  /** This node's subscribers per topic; it needs no answer from the log. */
  public Map<String, Integer> subscribersHere() {
    synchronized (lock) {
      return subscriptions.counts();
    }
  }

  /**
   * Whether a stream over {@code names} can resume exactly after the event {@code id}, and that
   * event is one {@code reader} may read: saying so of another would tell that it exists.
   */
  public boolean resumable(Set<String> names, String id, Predicate<Event> reader) {
    try {
      Optional<Position> at = log.locate(names, id).position();
      if (at.isEmpty()) {
        return false;
      }
      long seq = at.get().seq();
      for (String name : names) {
        for (Event event : log.history(name, seq - 1).events()) {
          if (event.seq() == seq) {
            return reader.test(event);
          }
        }
      }
      return false;
    } catch (LogUnavailableException e) {
      return false;
    }
  }

  public int openStreams() {
    return open.get();
  }

  public int subscribers(String topic) {
    synchronized (lock) {
      return subscriptions.of(topic).size();
    }
  }

  public HubCounters counters() {
    return counters;
  }

  public boolean logLive() {
    return log.live();
  }

  private void heartbeat() {
    long now = System.nanoTime();
    Instant instant = Instant.now();
    List<Subscriber> all;
    List<Subscriber> expired = new ArrayList<>();
    synchronized (lock) {
      all = subscriptions.all();
      for (Subscriber subscriber : all) {
        if (subscriber.expiredAt(instant)) {
          // its token has expired: the client reconnects and shows its current one
          remove(subscriber);
          expired.add(subscriber);
        }
      }
    }
    expired.forEach(writers::schedule);
    for (Subscriber subscriber : all) {
      if (subscriber.offerHeartbeat(HEARTBEAT, heartbeatNanos, now)) {
        writers.schedule(subscriber);
      }
    }
  }

  /** A write failed or the stream ended: the client has gone. */
  private void gone(Subscriber subscriber) {
    synchronized (lock) {
      remove(subscriber);
    }
    EventStream stream = subscriber.stream();
    abandoned.add(stream);
    try {
      scheduler.after(
          ABANDONED_GRACE_MILLIS,
          () -> {
            stream.endIfAbandoned();
            abandoned.remove(stream);
          });
    } catch (RejectedExecutionException stopping) {
      LOG.log(Level.FINEST, "Stopping: the hub's stop ends the stream", stopping);
    }
  }

  private void remove(Subscriber subscriber) {
    subscriber.close();
    resuming.remove(subscriber);
    if (subscriptions.remove(subscriber)) {
      open.decrementAndGet();
    }
  }

  private void requireRunning() {
    if (stopped) {
      throw HubProblems.stopping();
    }
  }

  private static void requireTopic(String name) {
    if (!TopicNames.valid(name)) {
      throw ProblemException.invalidParameter("topic", "A topic name is " + TopicNames.RULE + ".");
    }
  }

  private static String requireField(String name, String value) {
    String violation = SseFields.violation(value);
    if (violation != null) {
      throw ProblemException.invalidParameter(name, "An event's " + name + " " + violation + ".");
    }
    return value;
  }

  @PreDestroy
  void stop() {
    long started = System.nanoTime();
    timers.forEach(timer -> timer.cancel(false));
    List<Subscriber> all;
    synchronized (lock) {
      stopped = true;
      all = subscriptions.all();
      all.forEach(this::remove);
    }
    try {
      writers.stop(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(Level.FINE, "Interrupted while stopping the hub's writers", e);
    }
    for (Subscriber subscriber : all) {
      try {
        Writers.closeQuietly(subscriber);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Could not end a stream on stop", e);
      }
    }
    abandoned.forEach(EventStream::endIfAbandoned);
    LOG.info(
        () ->
            "Hub stopped in %d ms, ending %d streams"
                .formatted((System.nanoTime() - started) / 1_000_000, all.size()));
  }
}
