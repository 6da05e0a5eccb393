package dev.herald.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Prints the Markdown tables of a run from the result files {@code <server>.<workload>.properties}
 * in a directory: a summary per server, then every measured step. Usage: {@code Table DIR W1 W2
 * SERVER...}, where step 0 of workload W1 is the W1 row and the ramp of workload W2 the W2 column.
 */
public final class Table {
  private Table() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    String w1Name = args[1];
    String w2Name = args[2];
    List<String> servers = List.of(args).subList(3, args.length);
    System.out.println(
        "| server | subscribers held | connect/s | RSS KB/conn | heap KB/conn | W1 deliveries/s |"
            + " W1 p50 ms | W1 p99 ms | W1 p99.9 ms | W1 max ms | W1 lost/ooo | CPU µs/delivery"
            + " (W1) | W2 clean ev/s | W2 deliveries/s | CPU µs/delivery (W2) |");
    System.out.println(
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String server : servers) {
      Properties w1 = load(dir.resolve(server + "." + w1Name + ".properties"));
      Properties w2 = load(dir.resolve(server + "." + w2Name + ".properties"));
      int last = lastClean(w2);
      System.out.println(
          String.join(
                  " | ",
                  "| " + server,
                  w1.getProperty("connections", "-"),
                  w1.getProperty("connect.rate", "-"),
                  w1.getProperty("rss.per.connection.kb", "-"),
                  w1.getProperty("heap.per.connection.kb", "-"),
                  w1.getProperty("step.0.deliveries.per.s", "-"),
                  w1.getProperty("step.0.p50.ms", "-"),
                  w1.getProperty("step.0.p99.ms", "-"),
                  w1.getProperty("step.0.p999.ms", "-"),
                  w1.getProperty("step.0.max.ms", "-"),
                  w1.getProperty("step.0.lost", "-")
                      + "/"
                      + w1.getProperty("step.0.out-of-order", "-"),
                  w1.getProperty("step.0.cpu.us.per.delivery", "-"),
                  w2.getProperty("ramp.clean.rate", "-")
                      + " ("
                      + w2.getProperty("connections", "-")
                      + " subs)",
                  last < 0 ? "-" : w2.getProperty("step." + last + ".deliveries.per.s"),
                  last < 0 ? "-" : w2.getProperty("step." + last + ".cpu.us.per.delivery"))
              + " |");
    }
    System.out.println();
    System.out.println(
        "| server | workload | subscribers | rate ev/s | payload B | achieved ev/s | deliveries/s"
            + " | p50 ms | p99 ms | p99.9 ms | max ms | lost | ooo | CPU µs/delivery | clean |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.toString().endsWith(".properties")).sorted().forEach(files::add);
    }
    for (String server : servers) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (!name.startsWith(server + ".")) {
          continue;
        }
        String workload =
            name.substring(server.length() + 1, name.length() - ".properties".length());
        Properties p = load(f);
        if (!p.containsKey("connections")) {
          continue; // not a subscriber workload (publish rates, W5, cluster)
        }
        int steps = Integer.parseInt(p.getProperty("steps", "0"));
        if (steps == 0) {
          System.out.printf(
              "| %s | %s (idle) | %s | - | - | - | - | - | - | - | - | - | - | RSS %s KB/conn, heap"
                  + " %s KB/conn, %s conn/s | - |%n",
              server,
              workload,
              p.getProperty("connections", "-"),
              p.getProperty("rss.per.connection.kb", "-"),
              p.getProperty("heap.per.connection.kb", "-"),
              p.getProperty("connect.rate", "-"));
        }
        for (int i = 0; i < steps; i++) {
          String k = "step." + i + ".";
          System.out.printf(
              "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              server,
              workload,
              p.getProperty("connections", "-"),
              p.getProperty(k + "rate"),
              p.getProperty(k + "payload"),
              p.getProperty(k + "achieved"),
              p.getProperty(k + "deliveries.per.s"),
              p.getProperty(k + "p50.ms"),
              p.getProperty(k + "p99.ms"),
              p.getProperty(k + "p999.ms"),
              p.getProperty(k + "max.ms"),
              p.getProperty(k + "lost"),
              p.getProperty(k + "out-of-order"),
              p.getProperty(k + "cpu.us.per.delivery"),
              p.getProperty(k + "clean"));
        }
      }
    }
  }

  private static int lastClean(Properties p) {
    int steps = Integer.parseInt(p.getProperty("steps", "0"));
    int last = -1;
    for (int i = Integer.parseInt(p.getProperty("ramp.from", "0")); i < steps; i++) {
      if (!"true".equals(p.getProperty("step." + i + ".clean"))) {
        break;
      }
      last = i;
    }
    return last;
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
