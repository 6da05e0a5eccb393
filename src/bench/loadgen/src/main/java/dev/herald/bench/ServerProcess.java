package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of the server under test, read from /proc. */
final class ServerProcess {
  /** USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux. */
  private static final long MICROS_PER_TICK = 10_000;

  private final long pid;

  ServerProcess(long pid) {
    this.pid = pid;
  }

  boolean known() {
    return pid > 0;
  }

  /** utime + stime of every thread of the process, in microseconds. */
  long cpuMicros() {
    if (pid <= 0) {
      return 0;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // the command name may hold spaces: fields are counted after its closing parenthesis
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * MICROS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * Live heap of a JVM server after a full GC, in KB, through {@code jcmd}; 0 for other servers.
   * RSS only grows with a JVM's heap, so this is the sharper measure of what a connection keeps.
   */
  long liveHeapKb() {
    if (pid <= 0) {
      return 0;
    }
    try {
      run("GC.run");
      String info = run("GC.heap_info");
      // G1 prints one "heap total ..K, used ..K" line, Serial (on one CPU) one per generation
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
      long used = 0;
      while (m.find()) {
        used += Long.parseLong(m.group(1));
      }
      return used;
    } catch (IOException | RuntimeException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private String run(String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroy();
    }
    return out;
  }

  long rssKb() {
    if (pid <= 0) {
      return 0;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  /** The process's threads now (Threads in /proc/PID/status), 0 when unknown. */
  int threads() {
    if (!known()) {
      return 0;
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("Threads:")) {
          return Integer.parseInt(line.substring(8).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
