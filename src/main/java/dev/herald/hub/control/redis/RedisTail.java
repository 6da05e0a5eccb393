package dev.herald.hub.control.redis;

import dev.herald.hub.control.Epochs;
import dev.herald.hub.control.EventLog.Listener;
import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.EventIds;
import dev.herald.hub.entity.EventIds.Position;
import dev.herald.scheduling.OwnedThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * This node's one reader of the log, on a thread of its own with a connection of its own: a
 * blocking read of the tail stream after the last event it saw, handed to the hub in order. It
 * notices an epoch change (Redis lost the data) and a gap (this node fell behind the stream's
 * length) and tells the hub, and it says once when Redis goes away and once when it is back.
 */
final class RedisTail {

  static final Duration BLOCK = Duration.ofSeconds(1);
  static final int BATCH = 1024;
  static final long RETRY_MILLIS = 250;
  private static final Logger LOG = Logger.getLogger(RedisTail.class.getName());

  private final RedisSettings settings;
  private final JedisPool pool;
  private final Presence presence;
  private final EntryReader reader;
  private final Script head = Script.named("head.lua");
  private final OwnedThreads threads = new OwnedThreads("redis-tail");
  private volatile Position position = EventIds.UNSYNCED;
  private volatile boolean up;
  private volatile boolean running;
  private volatile Jedis connection;
  private Thread thread;
  private boolean everUp;

  RedisTail(RedisSettings settings, JedisPool pool, String node, EntryReader reader) {
    this.settings = settings;
    this.pool = pool;
    this.presence = new Presence(pool, node);
    this.reader = reader;
  }

  /** Turns a tail stream entry into the event it holds. */
  interface EntryReader {
    Event read(String epoch, String topic, StreamEntry entry);
  }

  synchronized void start(Listener listener) {
    running = true;
    thread = threads.newThread(() -> run(listener));
    thread.start();
  }

  Position position() {
    return position;
  }

  boolean up() {
    return up;
  }

  Map<String, Integer> subscribersEverywhere() {
    return presence.everywhere();
  }

  private void run(Listener listener) {
    while (running) {
      try (Jedis jedis = new Jedis(settings.address(), settings.client(BLOCK))) {
        connection = jedis;
        sync(jedis, listener);
        while (running) {
          read(jedis, listener);
          presence.report(listener::subscribers);
        }
      } catch (JedisException e) {
        if (running) {
          down(e);
          pause();
        }
      } finally {
        connection = null;
      }
    }
  }

  private void sync(Jedis jedis, Listener listener) {
    List<Object> now = head.run(jedis, List.of(Epochs.next()));
    Position current = new Position((String) now.get(0), Long.parseLong((String) now.get(1)));
    Position known = position;
    if (!current.epoch().equals(known.epoch()) || current.seq() < known.seq()) {
      position = current;
      if (!known.equals(EventIds.UNSYNCED)) {
        LOG.warning(
            () ->
                "Redis at %s lost Herald's events (epoch %s, now %s): streams resume with herald-reset"
                    .formatted(settings, known.epoch(), current.epoch()));
      }
      listener.lost(current);
    }
    if (!up) {
      up = true;
      pool.clear();
      if (everUp) {
        LOG.info(() -> "Redis at " + settings + " is reachable again; streams catch up");
      }
      everUp = true;
    }
  }

  private void read(Jedis jedis, Listener listener) {
    Position from = position;
    List<Map.Entry<String, List<StreamEntry>>> read =
        jedis.xread(
            XReadParams.xReadParams().block((int) BLOCK.toMillis()).count(BATCH),
            Map.of(Keys.of(from.epoch(), "log"), new StreamEntryID(0, from.seq())));
    if (read == null || read.isEmpty()) {
      // idle: has Redis lost the data meanwhile (a flush, a restart without persistence)?
      String epoch = jedis.hget(Keys.META, "e");
      if (!from.epoch().equals(epoch)) {
        sync(jedis, listener);
      }
      return;
    }
    List<StreamEntry> entries = read.get(0).getValue();
    long first = entries.get(0).getID().getSequence();
    if (first != from.seq() + 1) {
      LOG.warning(
          () ->
              "This node fell %d events behind the log's tail; its streams resume from where they were"
                  .formatted(first - from.seq() - 1));
      listener.lost(new Position(from.epoch(), first - 1));
    }
    List<Event> events = new ArrayList<>(entries.size());
    for (StreamEntry entry : entries) {
      events.add(reader.read(from.epoch(), entry.getFields().get("t"), entry));
    }
    position = new Position(from.epoch(), entries.get(entries.size() - 1).getID().getSequence());
    listener.appended(events);
  }

  private void down(JedisException e) {
    if (up || !everUp) {
      String reason = e.getMessage();
      LOG.warning(
          () ->
              "Redis at %s is unreachable (%s): publishes answer 503, streams wait"
                  .formatted(settings, reason));
      LOG.log(Level.FINE, "Redis failure", e);
      everUp = true;
    }
    up = false;
  }

  private void pause() {
    try {
      Thread.sleep(RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  synchronized void stop() {
    running = false;
    if (thread == null) {
      return;
    }
    thread.interrupt();
    Jedis blocked = connection;
    if (blocked != null) {
      try {
        blocked.disconnect();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "Closing the tail's connection", e);
      }
    }
    try {
      if (!threads.joinAll(Duration.ofSeconds(5))) {
        LOG.warning("The Redis tail's thread did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    presence.leave();
  }
}
