package dev.herald.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Prints, beside each figure of a run, the goal of issue 18 (and issue 13's cluster goals) it is
 * judged by and whether it is met, so a pass that makes a figure worse shows it. Usage: {@code
 * Goals DIR W1 W2 W0}: the workloads whose step 0 is W1, whose ramp is W2, whose connections are W0.
 * A figure a run did not measure says so; a goal measured at a smaller scale than it names (quick
 * runs 5,000 subscribers where a goal names 10,000) says at which.
 */
public final class Goals {
  private final Path dir;
  private final List<String[]> rows = new ArrayList<>();

  private Goals(Path dir) {
    this.dir = dir;
  }

  public static void main(String[] args) throws IOException {
    Goals g = new Goals(Path.of(args[0]));
    g.judge(args[1], args[2], args[3]);
    System.out.println("| goal | figure | Herald | judged by | met |");
    System.out.println("|---|---|---:|---|---|");
    for (String[] r : g.rows) {
      System.out.println("| " + String.join(" | ", r) + " |");
    }
  }

  private void judge(String w1, String w2, String w0) throws IOException {
    Properties herald = load("herald." + w1);
    Properties raw = load("raw-nio." + w1);
    Properties nchan = load("nchan." + w1);
    String at = at(herald);
    if (!herald.isEmpty()) {
      double p99 = num(herald, "step.0.p99.ms");
      double rawP99 = num(raw, "step.0.p99.ms");
      double nchanP99 = num(nchan, "step.0.p99.ms");
      row(
          "1 W1 fan-out" + at,
          "p99 ms",
          fmt(p99),
          "≤ 1.15 × raw-nio (" + fmt(rawP99) + ") and < nchan (" + fmt(nchanP99) + ")",
          Double.isNaN(rawP99)
              ? "not measured (no raw-nio)"
              : met(p99 <= 1.15 * rawP99, Double.isNaN(nchanP99) || p99 < nchanP99));
      row(
          "1 W1 fan-out" + at,
          "CPU µs/delivery",
          herald.getProperty("step.0.cpu.us.per.delivery", "-"),
          "(no goal) raw-nio " + raw.getProperty("step.0.cpu.us.per.delivery", "-")
              + ", nchan " + nchan.getProperty("step.0.cpu.us.per.delivery", "-"),
          "-");
    }
    Properties idle = load("herald." + w0);
    Properties nchanIdle = load("nchan." + w0);
    if (!idle.isEmpty()) {
      String idleAt = at(idle, 19_000);
      double rss = num(idle, "rss.per.connection.kb");
      row("2 idle cost" + idleAt, "RSS KB/connection", fmt(rss), "≤ 6", met(rss <= 6));
      double rate = num(idle, "connect.rate");
      double nchanRate = num(nchanIdle, "connect.rate");
      row(
          "2 connect rate" + idleAt,
          "connects/s",
          fmt(rate),
          "≥ 0.8 × nchan (" + fmt(nchanRate) + ")",
          Double.isNaN(nchanRate) ? "not measured (no nchan)" : met(rate >= 0.8 * nchanRate));
    }
    Properties ramp = load("herald." + w2);
    if (!ramp.isEmpty() && Integer.parseInt(ramp.getProperty("steps", "0")) > 1) {
      double clean = num(ramp, "ramp.clean.rate");
      row(
          "3 W2 throughput" + at(ramp),
          "clean ev/s (p99 ≤ 250 ms, none lost)",
          ramp.getProperty("ramp.clean.rate", "-"),
          "≥ 50",
          met(clean >= 50));
    }
    Properties w3 = load("herald.W3");
    if (!w3.isEmpty()) {
      double clean = num(w3, "ramp.clean.rate");
      row("4 W3 (100 subs)", "clean ev/s", fmt(clean), "≥ 20,000", met(clean >= 20_000));
    }
    Properties pub = load("herald.publish");
    if (!pub.isEmpty()) {
      row(
          "5 publishing",
          "single publishes acknowledged/s",
          pub.getProperty("single.rate", "-"),
          "(no goal; the table's single-event rate)",
          "-");
      double batch = num(pub, "batch.rate");
      row(
          "5 publishing",
          "batched events acknowledged/s (" + pub.getProperty("batch.size", "?") + " a request)",
          fmt(batch),
          "≥ 20,000, errors 0 (" + pub.getProperty("batch.errors", "-") + ")",
          met(batch >= 20_000, "0".equals(pub.getProperty("batch.errors"))));
    }
    Properties payara = load("herald-payara." + w1);
    if (!payara.isEmpty() && !herald.isEmpty()) {
      double cpu = num(payara, "step.0.cpu.us.per.delivery");
      double tomcat = num(herald, "step.0.cpu.us.per.delivery");
      row(
          "6 Payara (W1)" + at(payara),
          "CPU µs/delivery",
          fmt(cpu),
          "≤ 1.5 × herald on Tomcat (" + fmt(tomcat) + ")",
          met(cpu <= 1.5 * tomcat));
    }
    chat();
    cluster();
    mercure();
  }

  private void mercure() throws IOException {
    Properties own = load("herald.W1-own");
    Properties mercure = load("herald.W1-mercure");
    if (own.isEmpty() || mercure.isEmpty()) {
      return;
    }
    double p99 = num(mercure, "step.0.p99.ms");
    double ownP99 = num(own, "step.0.p99.ms");
    row(
        "15 Mercure W1" + at(mercure, 5_000),
        "p99 ms, URI-template selectors",
        fmt(p99),
        "≤ 1.3 × Herald's own topic stream (" + fmt(ownP99) + ")",
        met(p99 <= 1.3 * ownP99));
    row(
        "15 Mercure W1" + at(mercure, 5_000),
        "CPU µs/delivery",
        mercure.getProperty("step.0.cpu.us.per.delivery", "-"),
        "(no goal) own topic stream " + own.getProperty("step.0.cpu.us.per.delivery", "-"),
        "-");
  }

  private void chat() throws IOException {
    for (String step : List.of("500", "2000", "5000", "100")) {
      Properties h = load("herald.W5-" + step);
      if (h.isEmpty()) {
        continue;
      }
      Properties wf = load("webflux.W5-" + step);
      Properties node = load("node-relay.W5-" + step);
      double p99 = num(h, "added.p99.ms");
      double kb = num(h, "kb.per.stream");
      double tokens = num(h, "tokens.per.s");
      String peers =
          "webflux " + wf.getProperty("added.p99.ms", "-") + " ms / "
              + wf.getProperty("tokens.per.s", "-") + " tok/s, node "
              + node.getProperty("added.p99.ms", "-") + " ms / "
              + node.getProperty("tokens.per.s", "-") + " tok/s";
      boolean ahead =
          p99 <= orInf(num(wf, "added.p99.ms")) && p99 <= orInf(num(node, "added.p99.ms"));
      String limit = step.equals("2000") ? "≤ 10 and ahead of both peers" : "ahead of both peers";
      // without both peers in the run there is nothing to be ahead of
      String verdict =
          wf.isEmpty() || node.isEmpty()
              ? "not measured (a peer did not run)"
              : step.equals("2000") ? met(p99 <= 10, ahead) : met(ahead);
      String label = "7 W5 at " + h.getProperty("streams", step) + " streams";
      row(label, "p99 added delay ms", fmt(p99), limit + " (" + peers + ")", verdict);
      // streams the relay has not answered yet hold nothing: memory per stream means something only
      // while the relay keeps up
      boolean keptUp = tokens >= 0.8 * num(h, "tokens.offered.per.s");
      row(
          label,
          "KB per open stream (RSS; live heap " + h.getProperty("heap.kb.per.stream", "-") + ")",
          fmt(kb),
          "≤ 20",
          keptUp ? met(kb <= 20) : "not comparable (the relay did not keep up)");
      row(
          label,
          "tokens/s delivered",
          fmt(tokens),
          "(offered " + h.getProperty("tokens.offered.per.s", "-") + "), threads "
              + h.getProperty("threads", "-"),
          "-");
    }
  }

  private void cluster() throws IOException {
    Properties c = load("cluster");
    if (c.isEmpty()) {
      return;
    }
    // a saturated run (a step not clean: rate not achieved, p99 over 250 ms) says nothing about
    // what crossing nodes costs
    boolean clean = "true".equals(c.getProperty("single.clean")) && "true".equals(c.getProperty("cluster.clean"));
    String saturated = "not comparable (a run did not keep up with the rate)";
    double p50 = num(c, "cross.p50.added.ms");
    double p99 = num(c, "cross.p99.added.ms");
    row(
        "13 cluster",
        "cross-node p50 ms above one node",
        fmt(p50),
        "≤ 2 (cross " + c.getProperty("cross.p50.ms") + ", single " + c.getProperty("single.p50.ms") + ")",
        clean ? met(p50 <= 2) : saturated);
    row(
        "13 cluster",
        "cross-node p99 ms above one node",
        fmt(p99),
        "≤ 10 (cross " + c.getProperty("cross.p99.ms") + ", single " + c.getProperty("single.p99.ms") + ")",
        clean ? met(p99 <= 10) : saturated);
    double ratio = num(c, "publish.ratio");
    row(
        "13 cluster",
        "publishes acknowledged through Redis / one node",
        fmt(ratio * 100) + " %",
        "≥ 80 % (" + c.getProperty("redis.publish.rate") + " vs " + c.getProperty("single.publish.rate") + " /s)",
        met(ratio >= 0.8));
    row(
        "13 cluster",
        "events lost",
        c.getProperty("lost", "-"),
        "0 (out of order " + c.getProperty("out-of-order", "-") + ")",
        met("0".equals(c.getProperty("lost")) && "0".equals(c.getProperty("out-of-order"))));
  }

  private static String at(Properties p) {
    return at(p, 10_000);
  }

  private static String at(Properties p, int named) {
    String n = p.getProperty("connections", "?");
    return n.equals(Integer.toString(named)) || n.equals("?")
        ? ""
        : " (" + n + " subscribers; the goal names " + String.format(Locale.ROOT, "%,d", named) + ")";
  }

  private void row(String goal, String figure, String value, String by, String met) {
    rows.add(new String[] {goal, figure, value, by, met});
  }

  private static String met(boolean... conditions) {
    for (boolean c : conditions) {
      if (!c) {
        return "**NOT MET**";
      }
    }
    return "met";
  }

  private static double orInf(double v) {
    return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  private static double num(Properties p, String key) {
    try {
      return Double.parseDouble(p.getProperty(key, "NaN"));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
  }

  private Properties load(String name) throws IOException {
    Properties p = new Properties();
    Path file = dir.resolve(name + ".properties");
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
    }
    return p;
  }
}
