package dev.herald.hub.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.config.Settings;
import dev.herald.hub.entity.Event;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Topics, their subscribers and the one sequence every event is numbered from. Publishing and
 * subscribing take the same lock: a subscriber's replay snapshot and its registration for live
 * events happen together, so it sees every event exactly once, and events reach every stream in
 * sequence order, which lets a stream over several topics resume from one id.
 */
@ApplicationScoped
public class Hub {

  public static final String RESET_TYPE = "herald-reset";
  static final int DEFAULT_BACKLOG = 512;
  static final int DEFAULT_WRITERS = 4;
  static final int DEFAULT_MAX_TOPICS = 10_000;
  static final int DEFAULT_MAX_STREAMS = 10_000;
  static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
  static final Duration DEFAULT_RETRY = Duration.ofSeconds(3);
  private static final long ABANDONED_GRACE_MILLIS = 1000;
  private static final EventFrame HEARTBEAT = EventFrame.comment("heartbeat");
  private static final Logger LOG = Logger.getLogger(Hub.class.getName());

  @Inject Settings settings;
  @Inject Scheduler scheduler;
  @Inject EventLog log;

  private final Object lock = new Object();
  private final Map<String, Set<Subscriber>> topics = new HashMap<>();
  private final Set<Subscriber> subscribers = new LinkedHashSet<>();
  private final Clock clock = Clock.systemUTC();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong replays = new AtomicLong();
  private final AtomicInteger open = new AtomicInteger();
  private final Set<EventStream> abandoned = ConcurrentHashMap.newKeySet();
  private long seq;
  private boolean stopped;
  private int backlog;
  private int maxTopics;
  private int maxStreams;
  private long heartbeatNanos;
  private EventFrame retry;
  private Writers writers;
  private ScheduledFuture<?> heartbeats;

  @PostConstruct
  void start() {
    backlog = settings.number("hub.backlog", DEFAULT_BACKLOG, 1, 1_000_000);
    maxTopics = settings.number("hub.max-topics", DEFAULT_MAX_TOPICS, 1, 1_000_000);
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
            delivered::addAndGet);
    long scan = Math.max(50, heartbeat.toMillis() / 4);
    heartbeats = scheduler.every(scan, scan, this::heartbeat);
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
   * Publishes {@code data} as the event's text. {@code type} null means {@code message}; {@code
   * clientId} null lets the hub number the event. A private event reaches only the subscribers
   * whose reader may read the topic's private events.
   */
  public Event publishText(
      String topic, String type, String data, String clientId, boolean isPrivate) {
    requireTopic(topic);
    String eventType = type == null ? "message" : requireField("type", type);
    if (clientId != null) {
      requireField("id", clientId);
      if (clientId.chars().allMatch(Character::isDigit)) {
        throw ProblemException.invalidParameter(
            "id", "An id of digits only is reserved for the hub's own numbering.");
      }
    }
    synchronized (lock) {
      requireRunning();
      requireRoomFor(Set.of(topic));
      if (clientId != null && log.find(topic, clientId).isPresent()) {
        throw new ProblemException(
            new Problem("urn:herald:problem:duplicate-id", 409, "Topic has an event with this id.")
                .with("topic", topic)
                .with("id", clientId));
      }
      long next = seq + 1;
      String id = clientId == null ? Long.toString(next) : clientId;
      Event event =
          new Event(
              topic,
              id,
              next,
              eventType,
              EventFrame.event(id, eventType, data),
              clock.instant(),
              isPrivate);
      seq = next;
      log.append(event);
      Set<Subscriber> audience = topics.computeIfAbsent(topic, name -> new LinkedHashSet<>());
      for (Subscriber subscriber : List.copyOf(audience)) {
        if (!subscriber.mayRead(event)) {
          continue;
        }
        if (subscriber.offer(event.frame())) {
          writers.schedule(subscriber);
        } else {
          dropped.incrementAndGet();
          remove(subscriber);
          writers.schedule(subscriber);
        }
      }
      published.incrementAndGet();
      return event;
    }
  }

  /**
   * Opens a stream over {@code names}: a retry hint, then (after {@code lastEventId}) the replay,
   * then live events. An id the hub cannot resume from is announced with a {@code herald-reset}
   * event before the whole retained replay. Call it on the request thread: the stream is opened
   * only once the request is accepted, and the retry hint is written there, committing the response
   * before any writer thread touches it.
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
    Set<String> subscribed = Set.copyOf(names);
    Subscriber subscriber;
    synchronized (lock) {
      requireRunning();
      requireRoomFor(subscribed);
      if (open.get() >= maxStreams) {
        throw new ProblemException(
            Problem.of(503, "Too many streams are open; try again shortly.")
                .with("maxStreams", maxStreams));
      }
      List<EventFrame> first = new ArrayList<>();
      if (lastEventId != null && !lastEventId.isEmpty()) {
        replays.incrementAndGet();
        first.addAll(replay(subscribed, lastEventId, reader));
      }
      subscriber = new Subscriber(opener.get(), subscribed, backlog, first, reader);
      subscriber.stream().listen(new StreamListener(subscriber));
      for (String name : subscribed) {
        topics.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(subscriber);
      }
      subscribers.add(subscriber);
      open.incrementAndGet();
    }
    writers.start(subscriber, retry);
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

  private List<EventFrame> replay(Set<String> names, String lastEventId, Reader reader) {
    Optional<Long> seen =
        names.stream()
            .map(name -> log.find(name, lastEventId))
            .flatMap(Optional::stream)
            .map(Event::seq)
            .findFirst()
            .or(() -> sequenceNumber(lastEventId));
    List<EventFrame> frames = new ArrayList<>();
    long after = seen.orElse(0L);
    String reason = seen.isEmpty() ? "unknown" : expired(names, after) ? "expired" : null;
    List<Event> events = new ArrayList<>();
    for (String name : names) {
      for (Event event : log.after(name, reason == null ? after : 0)) {
        if (!event.isPrivate() || reader.mayReadPrivate(name)) {
          events.add(event);
        }
      }
    }
    events.sort(Comparator.comparingLong(Event::seq));
    if (reason != null) {
      ObjectNode data = JsonNodeFactory.instance.objectNode();
      data.put("reason", reason);
      data.put("lastEventId", lastEventId);
      data.put("oldestId", events.isEmpty() ? null : events.get(0).id());
      frames.add(EventFrame.event(null, RESET_TYPE, data.toString()));
    }
    events.forEach(event -> frames.add(event.frame()));
    return frames;
  }

  private Optional<Long> sequenceNumber(String id) {
    if (id.length() > 18 || !id.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    long number = Long.parseLong(id);
    return number <= seq ? Optional.of(number) : Optional.empty();
  }

  private boolean expired(Set<String> names, long seen) {
    return names.stream().anyMatch(name -> log.droppedThrough(name) > seen);
  }

  public List<TopicView> topicViews() {
    synchronized (lock) {
      return new TreeMap<>(topics).keySet().stream().map(this::view).toList();
    }
  }

  public Optional<TopicView> topic(String name) {
    synchronized (lock) {
      return topics.containsKey(name) ? Optional.of(view(name)) : Optional.empty();
    }
  }

  private TopicView view(String name) {
    return new TopicView(
        name,
        topics.get(name).size(),
        log.latest(name).map(Event::id).orElse(null),
        log.retained(name));
  }

  public int openStreams() {
    return open.get();
  }

  public int subscribers(String topic) {
    synchronized (lock) {
      Set<Subscriber> audience = topics.get(topic);
      return audience == null ? 0 : audience.size();
    }
  }

  public int topics() {
    synchronized (lock) {
      return topics.size();
    }
  }

  public long eventsPublished() {
    return published.get();
  }

  public long eventsDelivered() {
    return delivered.get();
  }

  public long slowSubscribersDropped() {
    return dropped.get();
  }

  public long replayRequests() {
    return replays.get();
  }

  private void heartbeat() {
    long now = System.nanoTime();
    Instant instant = clock.instant();
    List<Subscriber> all;
    List<Subscriber> expired = new ArrayList<>();
    synchronized (lock) {
      all = List.copyOf(subscribers);
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
    if (subscribers.remove(subscriber)) {
      open.decrementAndGet();
      for (String name : subscriber.topics()) {
        topics.get(name).remove(subscriber);
      }
    }
  }

  private void requireRunning() {
    if (stopped) {
      throw new ProblemException(Problem.of(503, "The hub is stopping."));
    }
  }

  private void requireRoomFor(Set<String> names) {
    long added = names.stream().filter(name -> !topics.containsKey(name)).count();
    if (added > 0 && topics.size() + added > maxTopics) {
      throw new ProblemException(
          Problem.of(409, "The hub holds as many topics as it may; use an existing topic.")
              .with("maxTopics", maxTopics));
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
    if (heartbeats != null) {
      heartbeats.cancel(false);
    }
    List<Subscriber> all;
    synchronized (lock) {
      stopped = true;
      all = List.copyOf(subscribers);
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
