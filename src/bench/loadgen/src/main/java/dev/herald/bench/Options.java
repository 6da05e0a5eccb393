package dev.herald.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Command-line options, `--name value` pairs; every one has a default so a bare run is small. */
final class Options {
  private final Map<String, String> values = new HashMap<>();

  Options(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      values.put(args[i].substring(2), args[++i]);
    }
  }

  String text(String name, String def) {
    return values.getOrDefault(name, def);
  }

  long number(String name, long def) {
    return values.containsKey(name) ? Long.parseLong(values.get(name)) : def;
  }

  List<String> list(String name, String def) {
    List<String> out = new ArrayList<>();
    for (String s : text(name, def).split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }
}
