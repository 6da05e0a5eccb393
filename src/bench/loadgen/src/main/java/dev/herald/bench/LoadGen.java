package dev.herald.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The SSE load generator. The main process opens its subscribers, waits for the subscriber-only
 * peer processes (role {@code subscriber}, synchronised through files in {@code --sync-dir}),
 * publishes the steps, and reports. Every wait is bounded; the run ends by itself.
 */
public final class LoadGen {
  private static final long CLEAN_P99_MICROS = 250_000;

  private final Options o;
  private final InetSocketAddress server;
  private final String path;
  private final String publishPath;
  private final String mercureTopic;
  private final List<SubscriberLoop> loops = new ArrayList<>();
  private final Path sync;
  private final Properties out = new Properties();

  private LoadGen(Options o) {
    this.o = o;
    URI base = URI.create(o.text("base", "http://127.0.0.1:8080"));
    this.server = new InetSocketAddress(base.getHost(), base.getPort());
    // --mercure-topic IRI --mercure-selector TEMPLATE: the same workload on the Mercure hub, each
    // subscriber's selector a URI template that the published topic matches
    this.mercureTopic = o.text("mercure-topic", null);
    if (mercureTopic == null) {
      this.path = "/api/topics/" + o.text("topic", "bench") + "/events";
      this.publishPath = path;
    } else {
      this.path =
          "/.well-known/mercure?topic="
              + URLEncoder.encode(o.text("mercure-selector", mercureTopic), StandardCharsets.UTF_8);
      this.publishPath = "/.well-known/mercure";
    }
    this.sync = Path.of(o.text("sync-dir", "/tmp/herald-bench-sync"));
  }

  public static void main(String[] args) throws Exception {
    Options o = new Options(args);
    LoadGen g = new LoadGen(o);
    if (o.text("role", "main").equals("subscriber")) {
      g.runSubscriber();
    } else {
      g.runMain();
    }
    System.exit(0);
  }

  private int connect(int count, int firstIndex) throws IOException, InterruptedException {
    int threads = (int) o.number("threads", 2);
    List<String> sources = o.list("sources", "127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5");
    int maxPending = (int) o.number("max-pending", 128);
    for (int t = 0; t < threads; t++) {
      int share = count / threads + (t < count % threads ? 1 : 0);
      int first = firstIndex + t * (count / threads) + Math.min(t, count % threads);
      SubscriberLoop loop =
          new SubscriberLoop(
              server, sources, path, share, first, Math.max(1, maxPending / threads));
      loops.add(loop);
      Thread thread = new Thread(loop, "subscribers-" + t);
      thread.setDaemon(true);
      thread.start();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.number("connect-timeout", 120));
    while (System.nanoTime() < deadline && !loops.stream().allMatch(SubscriberLoop::settled)) {
      Thread.sleep(50);
    }
    return connected();
  }

  private int connected() {
    return loops.stream().mapToInt(l -> l.connected).sum();
  }

  private List<Subscriber> subscribers() {
    List<Subscriber> all = new ArrayList<>();
    loops.forEach(l -> all.addAll(l.subscribers));
    return all;
  }

  private boolean allWarmed() {
    return subscribers().stream().filter(s -> s.open).allMatch(s -> s.warmed);
  }

  private void runSubscriber() throws Exception {
    int id = (int) o.number("id", 1);
    int count = (int) o.number("subscribers", 100);
    long cap = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.number("max-seconds", 600));
    int held = connect(count, (int) o.number("first-index", 0));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.number("connect-timeout", 120));
    while (!allWarmed() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Properties ready = new Properties();
    ready.setProperty("connected", Integer.toString(held));
    ready.setProperty("connect.seconds", seconds(connectNanos()));
    write(sync.resolve("ready-" + id), ready);
    Path end = sync.resolve("end");
    while (!Files.exists(end) && System.nanoTime() < cap) {
      Thread.sleep(100);
    }
    Properties endProps = new Properties();
    if (Files.exists(end)) {
      Thread.sleep(500);
      endProps.load(Files.newBufferedReader(end));
    }
    long total = Long.parseLong(endProps.getProperty("total", "0"));
    drain(total, 5);
    Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
    long deliveries = 0;
    for (int st = 0; st < Subscriber.MAX_STEPS; st++) {
      for (SubscriberLoop l : loops) {
        deliveries += l.collect(st, all);
      }
    }
    Properties result = new Properties();
    result.setProperty("deliveries", Long.toString(deliveries));
    result.setProperty("lost", Long.toString(lost(total)));
    result.setProperty("out-of-order", Long.toString(outOfOrder()));
    result.setProperty(
        "closed", Integer.toString(loops.stream().mapToInt(l -> l.closedByServer).sum()));
    result.setProperty("histogram", encode(all));
    loops.forEach(SubscriberLoop::stop);
    write(sync.resolve("result-" + id), result);
  }

  private long connectNanos() {
    long first = loops.stream().mapToLong(l -> l.firstOpenNanos).filter(x -> x > 0).min().orElse(0);
    long last = loops.stream().mapToLong(l -> l.lastConnectedNanos).max().orElse(0);
    return Math.max(0, last - first);
  }

  private long lost(long total) {
    long lost = 0;
    for (Subscriber s : subscribers()) {
      lost += s.lost + Math.max(0, total - s.lastSeq);
    }
    return lost;
  }

  private long outOfOrder() {
    return subscribers().stream().mapToLong(s -> s.outOfOrder).sum();
  }

  private void drain(long total, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      boolean done = true;
      for (Subscriber s : subscribers()) {
        if (s.open && s.lastSeq < total) {
          done = false;
          break;
        }
      }
      if (done) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private void runMain() throws Exception {
    ServerProcess proc = new ServerProcess(o.number("server-pid", 0));
    boolean jvm = o.text("jvm-server", "false").equals("true");
    long heapBase = jvm ? proc.liveHeapKb() : 0;
    long rssBase = o.number("rss-baseline-kb", proc.rssKb());
    int own = (int) o.number("subscribers", 100);
    int peers = (int) o.number("peers", 0);
    String name = o.text("name", "server");
    List<Step> steps = Step.parse(o.list("steps", "1x10"), (int) o.number("payload", 128));
    int rampFrom = (int) o.number("ramp-from", steps.size());
    out.setProperty("server", name);
    out.setProperty("ramp.from", Integer.toString(rampFrom));

    int held = connect(own, 0);
    long connectNanos = connectNanos();
    log(
        "%s: %d/%d subscribers connected in %s s%s",
        name,
        held,
        own,
        seconds(connectNanos),
        held < own ? " (last error: " + lastError() + ")" : "");

    if (held == 0) {
      log("%s: no subscriber connected; nothing to measure", name);
      loops.forEach(SubscriberLoop::stop);
      return;
    }
    // every subscriber, here and in the peer processes, must have seen an event before timing
    int total = held;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(o.number("connect-timeout", 120));
    try (Publisher pub = new Publisher(server, publishPath, mercureTopic)) {
      // one event a second: at 19k subscribers a faster barrier buries a slow server in backlog
      warm:
      while (System.nanoTime() < deadline) {
        pub.send(Publisher.body(0, 0, 0, 64));
        for (int i = 0; i < 20; i++) {
          if (allWarmed() && peersReady(peers)) {
            break warm;
          }
          Thread.sleep(50);
        }
      }
      double connectSeconds = connectNanos / 1e9;
      for (int p = 1; p <= peers; p++) {
        Path ready = sync.resolve("ready-" + p);
        if (Files.exists(ready)) {
          Properties r = new Properties();
          r.load(Files.newBufferedReader(ready));
          total += Integer.parseInt(r.getProperty("connected"));
          connectSeconds =
              Math.max(connectSeconds, Double.parseDouble(r.getProperty("connect.seconds")));
        }
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(o.number("hold", 2)));
      long rssIdle = proc.rssKb();
      long heapIdle = jvm ? proc.liveHeapKb() : 0;
      out.setProperty(
          "heap.per.connection.kb",
          jvm && heapBase > 0 && heapIdle > 0 && total > 0
              ? String.format(Locale.ROOT, "%.1f", (heapIdle - heapBase) / (double) total)
              : "-");
      out.setProperty("connections", Integer.toString(total));
      out.setProperty("connect.seconds", String.format(Locale.ROOT, "%.1f", connectSeconds));
      out.setProperty(
          "connect.rate", Long.toString(Math.round(total / Math.max(connectSeconds, 0.001))));
      out.setProperty("rss.baseline.kb", Long.toString(rssBase));
      out.setProperty("rss.idle.kb", Long.toString(rssIdle));
      out.setProperty(
          "rss.per.connection.kb",
          proc.known() && total > 0
              ? String.format(Locale.ROOT, "%.1f", (rssIdle - rssBase) / (double) total)
              : "-");
      log(
          "%s: %d connections held, connect %.1f s (%s/s), server RSS %d -> %d KB = %s"
              + " KB/connection, live heap %d -> %d KB = %s KB/connection",
          name,
          total,
          connectSeconds,
          out.getProperty("connect.rate"),
          rssBase,
          rssIdle,
          out.getProperty("rss.per.connection.kb"),
          heapBase,
          heapIdle,
          out.getProperty("heap.per.connection.kb"));

      long warmup = o.number("warmup", 5);
      if (warmup > 0 && !steps.isEmpty()) {
        int rate = Math.min(steps.get(0).rate() * 2, 200);
        for (int i = 0; i < warmup * rate; i++) {
          pub.send(Publisher.body(0, 0, 0, steps.get(0).payload()));
          Thread.sleep(1000 / rate);
        }
        Thread.sleep(1000);
      }

      long nextSeq = 1;
      long lostBefore = 0;
      String cleanRate = "-";
      for (int i = 0; i < steps.size(); i++) {
        Step st = steps.get(i);
        long cpu0 = proc.cpuMicros();
        long t0 = System.nanoTime();
        long published = publishStep(pub, nextSeq, st, i);
        long pubNanos = System.nanoTime() - t0;
        nextSeq += published;
        drain(nextSeq - 1, 5);
        long cpu = proc.cpuMicros() - cpu0;
        Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
        long deliveries = 0;
        for (SubscriberLoop l : loops) {
          deliveries += l.collect(i, h);
        }
        long lostNow = lost(nextSeq - 1);
        long lost = lostNow - lostBefore;
        lostBefore = lostNow;
        long ooo = outOfOrder();
        // the rate it was sent at: the wait for the last answers is not part of the step
        double achieved = published / (pub.sendingNanos() / 1e9);
        long expected = published * total;
        boolean clean =
            lost == 0
                && ooo == 0
                && h.getValueAtPercentile(99) <= CLEAN_P99_MICROS
                && achieved >= 0.95 * st.rate()
                && pub.errors() == 0;
        String k = "step." + i + ".";
        out.setProperty(k + "rate", Integer.toString(st.rate()));
        out.setProperty(k + "payload", Integer.toString(st.payload()));
        out.setProperty(k + "achieved", String.format(Locale.ROOT, "%.1f", achieved));
        // peer processes report at the end only: scale this process's share to every subscriber
        double share = total / (double) held;
        out.setProperty(
            k + "deliveries.per.s",
            Long.toString(Math.round(deliveries * share / (pubNanos / 1e9))));
        out.setProperty(k + "p50.ms", ms(h.getValueAtPercentile(50)));
        out.setProperty(k + "p99.ms", ms(h.getValueAtPercentile(99)));
        out.setProperty(k + "p999.ms", ms(h.getValueAtPercentile(99.9)));
        out.setProperty(k + "max.ms", ms(h.getMaxValue()));
        out.setProperty(k + "lost", Long.toString(lost));
        out.setProperty(k + "out-of-order", Long.toString(ooo));
        out.setProperty(
            k + "cpu.us.per.delivery",
            proc.known() && expected > 0
                ? String.format(Locale.ROOT, "%.2f", cpu / (double) expected)
                : "-");
        out.setProperty(k + "clean", Boolean.toString(clean));
        log(
            "%s step %d: %d ev/s x %d s, %d B: achieved %.1f ev/s, %s deliveries/s, latency ms p50"
                + " %s p99 %s p99.9 %s max %s, lost %d, out-of-order %d, server CPU %s"
                + " us/delivery%s",
            name,
            i,
            st.rate(),
            st.seconds(),
            st.payload(),
            achieved,
            out.getProperty(k + "deliveries.per.s"),
            ms(h.getValueAtPercentile(50)),
            ms(h.getValueAtPercentile(99)),
            ms(h.getValueAtPercentile(99.9)),
            ms(h.getMaxValue()),
            lost,
            ooo,
            out.getProperty(k + "cpu.us.per.delivery"),
            clean ? "" : " (not clean)");
        out.setProperty("steps", Integer.toString(i + 1));
        if (i >= rampFrom) {
          if (!clean) {
            break;
          }
          cleanRate = String.format(Locale.ROOT, "%.0f", achieved);
          out.setProperty("ramp.clean.deliveries.per.s", out.getProperty(k + "deliveries.per.s"));
        }
      }
      out.setProperty("ramp.clean.rate", cleanRate);
      out.setProperty("publish.errors", Long.toString(pub.errors()));
      if (pub.errors() > 0) {
        log("%s: %d publish errors, last: %s", name, pub.errors(), pub.lastError());
      }

      Properties end = new Properties();
      end.setProperty("total", Long.toString(nextSeq - 1));
      write(sync.resolve("end"), end);
      mergePeers(peers, nextSeq - 1);
    }
    out.setProperty(
        "closed.by.server", Integer.toString(loops.stream().mapToInt(l -> l.closedByServer).sum()));
    loops.forEach(SubscriberLoop::stop);
    String file = o.text("out", "");
    if (!file.isEmpty()) {
      write(Path.of(file), out);
    }
  }

  private long publishStep(Publisher pub, long firstSeq, Step st, int index) {
    long count = (long) st.rate() * st.seconds();
    return pub.publish(
        firstSeq,
        count,
        st.rate(),
        index,
        st.payload(),
        TimeUnit.SECONDS.toNanos(st.seconds()) * 3 / 2,
        (int) o.number("batch", 1));
  }

  private void mergePeers(int peers, long total) throws Exception {
    if (peers == 0) {
      return;
    }
    Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
    for (int st = 0; st < Subscriber.MAX_STEPS; st++) {
      for (SubscriberLoop l : loops) {
        l.collect(st, all);
      }
    }
    long lost = lost(total);
    long ooo = outOfOrder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int p = 1; p <= peers; p++) {
      Path result = sync.resolve("result-" + p);
      while (!Files.exists(result) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      if (!Files.exists(result)) {
        log("peer %d sent no result", p);
        continue;
      }
      Thread.sleep(100);
      Properties r = new Properties();
      r.load(Files.newBufferedReader(result));
      lost += Long.parseLong(r.getProperty("lost"));
      ooo += Long.parseLong(r.getProperty("out-of-order"));
      Histogram peer =
          Histogram.decodeFromCompressedByteBuffer(
              ByteBuffer.wrap(Base64.getDecoder().decode(r.getProperty("histogram"))), 0);
      all.add(peer);
      // a peer may subscribe on another node (bench.sh cluster): its own figures too
      String k = "peer." + p + ".";
      out.setProperty(k + "p50.ms", ms(peer.getValueAtPercentile(50)));
      out.setProperty(k + "p99.ms", ms(peer.getValueAtPercentile(99)));
      out.setProperty(k + "max.ms", ms(peer.getMaxValue()));
      out.setProperty(k + "lost", r.getProperty("lost"));
      out.setProperty(k + "deliveries", r.getProperty("deliveries"));
    }
    out.setProperty("all.p50.ms", ms(all.getValueAtPercentile(50)));
    out.setProperty("all.p99.ms", ms(all.getValueAtPercentile(99)));
    out.setProperty("all.p999.ms", ms(all.getValueAtPercentile(99.9)));
    out.setProperty("all.max.ms", ms(all.getMaxValue()));
    out.setProperty("all.lost", Long.toString(lost));
    out.setProperty("all.out-of-order", Long.toString(ooo));
    log(
        "all processes: latency ms p50 %s p99 %s p99.9 %s max %s, lost %d, out-of-order %d",
        ms(all.getValueAtPercentile(50)),
        ms(all.getValueAtPercentile(99)),
        ms(all.getValueAtPercentile(99.9)),
        ms(all.getMaxValue()),
        lost,
        ooo);
  }

  private boolean peersReady(int peers) {
    for (int p = 1; p <= peers; p++) {
      if (!Files.exists(sync.resolve("ready-" + p))) {
        return false;
      }
    }
    return true;
  }

  private String lastError() {
    return loops.stream().map(l -> l.lastError).filter(e -> !e.isEmpty()).findFirst().orElse("");
  }

  private static String encode(Histogram h) {
    ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
    h.encodeIntoCompressedByteBuffer(b);
    b.flip();
    byte[] bytes = new byte[b.remaining()];
    b.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static void write(Path file, Properties p) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (var w = Files.newBufferedWriter(tmp)) {
      p.store(w, null);
    }
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.1f", micros / 1000.0);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
  }

  private static void log(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
