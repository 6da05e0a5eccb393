package dev.herald.bench;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * How many events one publisher gets acknowledged per second: requests pipelined on one keep-alive
 * connection as fast as the answers allow, for {@code --seconds}, each a single event or, with
 * {@code --batch N}, a JSON array of N events. Writes {@code <prefix>.rate} (acknowledged events/s)
 * and {@code <prefix>.errors} to {@code --out}, adding to what the file holds.
 */
public final class PublishRate {
  private PublishRate() {}

  public static void main(String[] args) throws Exception {
    Options o = new Options(args);
    URI base = URI.create(o.text("base", "http://127.0.0.1:8080"));
    String path = "/api/topics/" + o.text("topic", "bench-publish") + "/events";
    int batch = (int) o.number("batch", 0);
    long seconds = o.number("seconds", 5);
    int payload = (int) o.number("payload", 128);
    String prefix = o.text("prefix", batch > 0 ? "batch" : "single");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(seconds, 60));
    long started;
    long acknowledged;
    long errors;
    String lastError;
    try (Publisher pub =
        new Publisher(new InetSocketAddress(base.getHost(), base.getPort()), path)) {
      // a second of warm-up, not counted
      long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      long seq = 0;
      while (System.nanoTime() < warm) {
        pub.send(body(++seq, batch, payload));
      }
      pub.awaitAnswers(10);
      long before = pub.acknowledged();
      long errorsBefore = pub.errors();
      started = System.nanoTime();
      while (System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(1)) {
        pub.send(body(++seq, batch, payload));
      }
      pub.awaitAnswers(10);
      long elapsed = System.nanoTime() - started;
      acknowledged = (pub.acknowledged() - before) * Math.max(1, batch);
      errors = pub.errors() - errorsBefore;
      lastError = pub.lastError();
      started = elapsed;
    }
    double rate = acknowledged / (started / 1e9);
    Path out = Path.of(o.text("out", "publish.properties"));
    Properties p = new Properties();
    if (Files.exists(out)) {
      try (var r = Files.newBufferedReader(out)) {
        p.load(r);
      }
    }
    p.setProperty(prefix + ".rate", String.format(Locale.ROOT, "%.0f", rate));
    p.setProperty(prefix + ".errors", Long.toString(errors));
    if (batch > 0) {
      p.setProperty(prefix + ".size", Integer.toString(batch));
    }
    try (var w = Files.newBufferedWriter(out)) {
      p.store(w, null);
    }
    System.out.printf(
        Locale.ROOT,
        "%s publish%s: %.0f acknowledged events/s, %d errors%s%n",
        prefix,
        batch > 0 ? " (batches of " + batch + ")" : "",
        rate,
        errors,
        errors > 0 ? " (last: " + lastError + ")" : "");
  }

  private static String body(long seq, int batch, int payload) {
    if (batch <= 0) {
      return Publisher.body(seq, 0, 0, payload);
    }
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < batch; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(Publisher.body(seq * batch + i, 0, 0, payload));
    }
    return b.append(']').toString();
  }
}
