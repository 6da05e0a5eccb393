package dev.herald.hub.control.redis;

import dev.herald.hub.control.Epochs;
import dev.herald.hub.control.EventLog;
import dev.herald.hub.control.HubProblems;
import dev.herald.hub.control.LogUnavailableException;
import dev.herald.hub.control.Retention;
import dev.herald.hub.entity.Draft;
import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.EventIds;
import dev.herald.hub.entity.EventIds.Position;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.logging.Logger;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The log of several nodes, in Redis. One script appends an event to the tail stream every node
 * reads and to its topic's history, numbered from one counter, under an epoch that is new whenever
 * Redis has lost Herald's data: see {@code append.lua}, which appends a batch all or none. Commands
 * use a bounded pool and time out; a command is sent once, never again after a reconnect.
 */
public final class RedisEventLog implements EventLog {

  static final int TAIL_LENGTH = 10_000;
  private static final Logger LOG = Logger.getLogger(RedisEventLog.class.getName());

  private final RedisSettings settings;
  private final Retention retention;
  private final JedisPool pool;
  private final Script append = Script.named("append.lua");
  private final RedisTail tail;

  private RedisEventLog(RedisSettings settings, Retention retention, String node) {
    this.settings = settings;
    this.retention = retention;
    GenericObjectPoolConfig<Jedis> config = new GenericObjectPoolConfig<>();
    config.setMaxTotal(settings.connections());
    config.setMaxIdle(settings.connections());
    config.setMaxWait(settings.timeout());
    // no evictor: it would be one more thread; broken connections are dropped when they fail
    config.setTimeBetweenEvictionRuns(java.time.Duration.ofMillis(-1));
    config.setJmxEnabled(false);
    this.pool = new JedisPool(config, settings.address(), settings.client(java.time.Duration.ZERO));
    this.tail = new RedisTail(settings, pool, node, this::entryToEvent);
  }

  public static RedisEventLog open(RedisSettings settings, Retention retention, String node) {
    LOG.info(() -> "Event log on Redis at " + settings + " as node " + node);
    return new RedisEventLog(settings, retention, node);
  }

  @Override
  public List<Event> appendAll(List<Draft> drafts) {
    // a little before the node gives up waiting, so a late script never appends after a 503
    long deadline = System.currentTimeMillis() + settings.timeout().toMillis() * 9 / 10;
    List<String> args = new ArrayList<>(7 + drafts.size() * 8);
    args.add(Epochs.next());
    args.add(Integer.toString(retention.events()));
    args.add(Long.toString(retention.age().toMillis()));
    args.add(Integer.toString(retention.maxTopics()));
    args.add(Integer.toString(TAIL_LENGTH));
    args.add(Long.toString(deadline));
    args.add(Integer.toString(drafts.size()));
    for (Draft draft : drafts) {
      args.add(draft.topic());
      args.add(draft.clientId() == null ? "" : draft.clientId());
      args.add(draft.type());
      args.add(draft.data());
      args.add(draft.isPrivate() ? "1" : "0");
      args.add(String.join("\n", draft.iris()));
      args.add(draft.retry() == null ? "" : draft.retry().toString());
      args.add(draft.reusableId() ? "1" : "0");
    }
    List<Object> answer = call(jedis -> append.run(jedis, args));
    String epoch = (String) answer.get(1);
    switch ((String) answer.get(0)) {
      case "topics" -> throw HubProblems.tooManyTopics(retention.maxTopics());
      case "duplicate" -> {
        int index = ((Long) answer.get(2)).intValue();
        Draft draft = drafts.get(index);
        throw HubProblems.duplicateId(draft.topic(), draft.clientId(), index, drafts.size());
      }
      case "late" ->
          throw new LogUnavailableException("Redis at " + settings + " ran the append late", null);
      default -> {
        Instant at = Instant.ofEpochMilli((Long) answer.get(2));
        List<Event> events = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
          events.add(Event.of(drafts.get(i), epoch, (Long) answer.get(3 + i), at));
        }
        return events;
      }
    }
  }

  @Override
  public void tail(Listener listener) {
    tail.start(listener);
  }

  @Override
  public Position head() {
    return tail.position();
  }

  @Override
  public Located locate(Set<String> topics, String id) {
    return call(
        jedis -> {
          String epoch = jedis.hget(Keys.META, "e");
          if (epoch == null) {
            return EventIds.parse(id).isPresent() ? Located.lost() : Located.unknown();
          }
          for (String topic : topics) {
            String seq = jedis.get(Keys.id(epoch, topic, id));
            if (seq != null) {
              return Located.at(new Position(epoch, Long.parseLong(seq)));
            }
          }
          Optional<Position> position = EventIds.parse(id);
          if (position.isEmpty()) {
            return Located.unknown();
          }
          if (!position.get().epoch().equals(epoch)) {
            return Located.lost();
          }
          long head = Long.parseLong(jedis.hget(Keys.META, "s"));
          return position.get().seq() <= head ? Located.at(position.get()) : Located.unknown();
        });
  }

  @Override
  public History history(String topic, long after) {
    return call(
        jedis -> {
          String epoch = jedis.hget(Keys.META, "e");
          if (epoch == null) {
            return new History(List.of(), false);
          }
          long oldest = System.currentTimeMillis() - retention.age().toMillis();
          List<Event> events = new ArrayList<>();
          // one round trip for the three reads, in the order they were read one by one
          Pipeline pipeline = jedis.pipelined();
          Response<String> dropped = pipeline.hget(Keys.of(epoch, "dropped"), topic);
          Response<List<StreamEntry>> entries =
              pipeline.xrange(
                  Keys.topic(epoch, topic), new StreamEntryID(0, after + 1), (StreamEntryID) null);
          Response<String> newest = pipeline.hget(Keys.of(epoch, "topics"), topic);
          pipeline.sync();
          boolean gap = dropped.get() != null && Long.parseLong(dropped.get()) > after;
          for (StreamEntry entry : entries.get()) {
            if (Long.parseLong(entry.getFields().get("m")) < oldest) {
              gap = true;
            } else {
              events.add(entryToEvent(epoch, topic, entry));
            }
          }
          String last = newest.get();
          if (events.isEmpty() && last != null && Long.parseLong(last) > after) {
            gap = true;
          }
          return new History(events, gap);
        });
  }

  Event entryToEvent(String epoch, String topic, StreamEntry entry) {
    Map<String, String> fields = entry.getFields();
    String clientId = fields.get("c");
    return Event.of(
        new Draft(
            topic,
            fields.get("y"),
            fields.get("d"),
            clientId.isEmpty() ? null : clientId,
            "1".equals(fields.get("p")),
            iris(fields.get("i")),
            retry(fields.get("r")),
            false),
        epoch,
        entry.getID().getSequence(),
        Instant.ofEpochMilli(Long.parseLong(fields.get("m"))));
  }

  /** An entry written before updates carried IRIs has none. */
  private static List<String> iris(String joined) {
    return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split("\n", -1));
  }

  private static Long retry(String millis) {
    return millis == null || millis.isEmpty() ? null : Long.valueOf(millis);
  }

  @Override
  public List<TopicStats> topics() {
    return call(
        jedis -> {
          String epoch = jedis.hget(Keys.META, "e");
          if (epoch == null) {
            return List.of();
          }
          Map<String, String> last = new TreeMap<>(jedis.hgetAll(Keys.of(epoch, "last")));
          // every topic's length in one round trip, not one each
          Pipeline pipeline = jedis.pipelined();
          Map<String, Response<Long>> lengths = new TreeMap<>();
          last.keySet().forEach(name -> lengths.put(name, pipeline.xlen(Keys.topic(epoch, name))));
          pipeline.sync();
          List<TopicStats> topics = new ArrayList<>(last.size());
          last.forEach(
              (name, id) ->
                  topics.add(new TopicStats(name, id, lengths.get(name).get().intValue())));
          return topics;
        });
  }

  @Override
  public Optional<TopicStats> topic(String name) {
    return call(
        jedis -> {
          String epoch = jedis.hget(Keys.META, "e");
          String id = epoch == null ? null : jedis.hget(Keys.of(epoch, "last"), name);
          return id == null
              ? Optional.empty()
              : Optional.of(new TopicStats(name, id, (int) jedis.xlen(Keys.topic(epoch, name))));
        });
  }

  @Override
  public Map<String, Integer> subscribersEverywhere() {
    return tail.subscribersEverywhere();
  }

  @Override
  public boolean live() {
    return tail.up();
  }

  @Override
  public void close() {
    tail.stop();
    pool.close();
  }

  private <T> T call(Function<Jedis, T> command) {
    try (Jedis jedis = pool.getResource()) {
      return command.apply(jedis);
    } catch (JedisException e) {
      throw new LogUnavailableException("Redis at " + settings + " did not answer", e);
    }
  }
}
