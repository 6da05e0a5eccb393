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
}
