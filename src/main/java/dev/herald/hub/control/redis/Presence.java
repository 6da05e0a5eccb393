package dev.herald.hub.control.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Subscriber counts of every node: each node keeps its own in Redis with an expiry, so the counts
 * of a node that died go with it, and sums the counts of the nodes seen lately.
 */
final class Presence {

  static final long EVERY_MILLIS = 2000;
  static final long EXPIRY_MILLIS = 3 * EVERY_MILLIS;
  private static final Logger LOG = Logger.getLogger(Presence.class.getName());

  private final JedisPool pool;
  private final String node;
  private volatile Map<String, Integer> everywhere = Map.of();
  private long lastReport;

  Presence(JedisPool pool, String node) {
    this.pool = pool;
    this.node = node;
  }

  /**
   * Called by the tail between reads; tells Redis this node's counts at most every two seconds. The
   * counts are asked for only then: they take the hub's lock and cost a map of every topic.
   */
  void report(Supplier<Map<String, Integer>> counts) {
    long now = System.currentTimeMillis();
    if (now - lastReport < EVERY_MILLIS) {
      return;
    }
    lastReport = now;
    Map<String, Integer> here = counts.get();
    try (Jedis jedis = pool.getResource()) {
      String key = Keys.node(node);
      // two round trips, whatever the number of topics and nodes: the tail waits for them
      Pipeline pipeline = jedis.pipelined();
      pipeline.del(key);
      if (!here.isEmpty()) {
        Map<String, String> counted = new HashMap<>();
        here.forEach((topic, count) -> counted.put(topic, Integer.toString(count)));
        pipeline.hset(key, counted);
      }
      pipeline.pexpire(key, EXPIRY_MILLIS);
      pipeline.zadd(Keys.NODES, now, node);
      pipeline.zremrangeByScore(Keys.NODES, 0, now - EXPIRY_MILLIS);
      Response<List<String>> nodes =
          pipeline.zrangeByScore(Keys.NODES, now - EXPIRY_MILLIS, Double.MAX_VALUE);
      pipeline.sync();
      List<Response<Map<String, String>>> theirs = new ArrayList<>();
      for (String live : nodes.get()) {
        theirs.add(pipeline.hgetAll(Keys.node(live)));
      }
      pipeline.sync();
      Map<String, Integer> sum = new HashMap<>();
      for (Response<Map<String, String>> of : theirs) {
        of.get().forEach((topic, count) -> sum.merge(topic, Integer.parseInt(count), Integer::sum));
      }
      everywhere = Map.copyOf(sum);
    } catch (JedisException | NumberFormatException e) {
      LOG.log(Level.FINE, "Could not report this node's subscribers", e);
    }
  }

  Map<String, Integer> everywhere() {
    return everywhere;
  }

  void leave() {
    try (Jedis jedis = pool.getResource()) {
      jedis.del(Keys.node(node));
      jedis.zrem(Keys.NODES, node);
    } catch (JedisException e) {
      LOG.log(Level.FINE, "Could not remove this node's subscriber counts", e);
    }
  }
}
