package dev.herald.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One measured phase: publish at {@code rate} events/s for {@code seconds}, data of {@code payload}
 * bytes.
 */
record Step(int rate, int seconds, int payload) {

  /** Parses {@code RATExSECONDS[xPAYLOAD]}, comma separated, e.g. {@code 1x15,10x5x1024}. */
  static List<Step> parse(List<String> specs, int defaultPayload) {
    List<Step> steps = new ArrayList<>();
    for (String spec : specs) {
      if (spec.equals("none")) {
        continue;
      }
      String[] p = spec.split("x");
      int payload = p.length > 2 ? Integer.parseInt(p[2]) : defaultPayload;
      steps.add(new Step(Integer.parseInt(p[0]), Integer.parseInt(p[1]), payload));
    }
    if (steps.size() > Subscriber.MAX_STEPS) {
      throw new IllegalArgumentException("at most " + Subscriber.MAX_STEPS + " steps");
    }
    return steps;
  }
}
