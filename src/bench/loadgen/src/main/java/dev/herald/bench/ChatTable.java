package dev.herald.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** W5's table from the {@code <server>.W5-<streams>.properties} files of a run; nothing if none. */
public final class ChatTable {
  private ChatTable() {}

  public static void main(String[] args) throws IOException {
    List<Properties> runs = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of(args[0]))) {
      for (Path f : s.filter(p -> p.getFileName().toString().matches(".*\\.W5-\\d+\\.properties")).toList()) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f)) {
          p.load(r);
        }
        runs.add(p);
      }
    }
    if (runs.isEmpty()) {
      return;
    }
    runs.sort(
        Comparator.comparing((Properties p) -> Integer.parseInt(p.getProperty("streams", "0")))
            .thenComparing(p -> p.getProperty("server", "")));
    System.out.println();
    System.out.println(
        "| W5 server | streams | tokens/s delivered | offered | added p50 ms | p99 ms | p99.9 ms |"
            + " max ms | RSS KB/stream | live heap KB/stream | threads | CPU µs/token | completed |"
            + " failed |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Properties p : runs) {
      System.out.println(
          "| "
              + String.join(
                  " | ",
                  p.getProperty("server", "-"),
                  p.getProperty("streams", "-"),
                  p.getProperty("tokens.per.s", "-"),
                  p.getProperty("tokens.offered.per.s", "-"),
                  p.getProperty("added.p50.ms", "-"),
                  p.getProperty("added.p99.ms", "-"),
                  p.getProperty("added.p999.ms", "-"),
                  p.getProperty("added.max.ms", "-"),
                  p.getProperty("kb.per.stream", "-"),
                  p.getProperty("heap.kb.per.stream", "-"),
                  p.getProperty("threads.baseline", "-") + " → " + p.getProperty("threads", "-"),
                  p.getProperty("cpu.us.per.token", "-"),
                  p.getProperty("completed", "-"),
                  p.getProperty("failed", "-"))
              + " |");
    }
  }
}
