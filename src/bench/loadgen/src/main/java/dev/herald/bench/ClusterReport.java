package dev.herald.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * The cluster mode's figures from one run: the latency crossing nodes adds over one node (the
 * subscribers on the node that did not take the publish, against Herald alone under the same
 * load), the publish rate acknowledged through Redis against one node's, and loss. Writes {@code
 * cluster.properties} and prints it as a table.
 */
public final class ClusterReport {
  private ClusterReport() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Properties single = load(dir.resolve("herald.cluster-single.properties"));
    Properties two = load(dir.resolve("herald.cluster.properties"));
    Properties singlePub = load(dir.resolve("herald.cluster-single.publish.properties"));
    Properties redisPub = load(dir.resolve("herald.cluster.publish.properties"));
    Properties c = new Properties();
    c.setProperty("subscribers", two.getProperty("connections", "-"));
    c.setProperty("rate", two.getProperty("step.0.rate", "-"));
    c.setProperty("single.p50.ms", single.getProperty("step.0.p50.ms", "-"));
    c.setProperty("single.p99.ms", single.getProperty("step.0.p99.ms", "-"));
    c.setProperty("same.p50.ms", two.getProperty("step.0.p50.ms", "-"));
    c.setProperty("same.p99.ms", two.getProperty("step.0.p99.ms", "-"));
    c.setProperty("cross.p50.ms", two.getProperty("peer.1.p50.ms", "-"));
    c.setProperty("cross.p99.ms", two.getProperty("peer.1.p99.ms", "-"));
    c.setProperty("cross.p50.added.ms", diff(two, "peer.1.p50.ms", single, "step.0.p50.ms"));
    c.setProperty("cross.p99.added.ms", diff(two, "peer.1.p99.ms", single, "step.0.p99.ms"));
    c.setProperty("single.clean", single.getProperty("step.0.clean", "false"));
    c.setProperty("cluster.clean", two.getProperty("step.0.clean", "false"));
    c.setProperty("lost", two.getProperty("all.lost", "-"));
    c.setProperty("out-of-order", two.getProperty("all.out-of-order", "-"));
    c.setProperty("single.lost", single.getProperty("step.0.lost", "-"));
    c.setProperty("single.publish.rate", singlePub.getProperty("single.rate", "-"));
    c.setProperty("redis.publish.rate", redisPub.getProperty("single.rate", "-"));
    c.setProperty("single.batch.rate", singlePub.getProperty("batch.rate", "-"));
    c.setProperty("redis.batch.rate", redisPub.getProperty("batch.rate", "-"));
    c.setProperty("publish.errors", redisPub.getProperty("single.errors", "-"));
    double ratio = num(redisPub, "single.rate") / num(singlePub, "single.rate");
    c.setProperty("publish.ratio", String.format(Locale.ROOT, "%.3f", ratio));
    try (var w = Files.newBufferedWriter(dir.resolve("cluster.properties"))) {
      c.store(w, null);
    }
    System.out.printf(
        Locale.ROOT,
        "%n| cluster (%s subscribers, %s ev/s) | p50 ms | p99 ms |%n|---|---:|---:|%n"
            + "| one node, in memory | %s | %s |%n| two nodes on Redis, same node as the publisher"
            + " | %s | %s |%n| two nodes on Redis, the other node | %s | %s |%n"
            + "| crossing nodes adds | %s | %s |%n%n"
            + "Publishes acknowledged/s: one node %s, through Redis %s (%.0f %%); batched (100 a"
            + " request) %s vs %s. Lost %s, out of order %s.%n",
        c.getProperty("subscribers"),
        c.getProperty("rate"),
        c.getProperty("single.p50.ms"),
        c.getProperty("single.p99.ms"),
        c.getProperty("same.p50.ms"),
        c.getProperty("same.p99.ms"),
        c.getProperty("cross.p50.ms"),
        c.getProperty("cross.p99.ms"),
        c.getProperty("cross.p50.added.ms"),
        c.getProperty("cross.p99.added.ms"),
        c.getProperty("single.publish.rate"),
        c.getProperty("redis.publish.rate"),
        ratio * 100,
        c.getProperty("single.batch.rate"),
        c.getProperty("redis.batch.rate"),
        c.getProperty("lost"),
        c.getProperty("out-of-order"));
  }

  private static String diff(Properties a, String ka, Properties b, String kb) {
    double d = num(a, ka) - num(b, kb);
    return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%.1f", d);
  }

  private static double num(Properties p, String key) {
    try {
      return Double.parseDouble(p.getProperty(key, "NaN"));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
    }
    return p;
  }
}
