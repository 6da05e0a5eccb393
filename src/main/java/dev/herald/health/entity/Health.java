package dev.herald.health.entity;

import java.util.List;

/** UP when every check asked is UP. */
public record Health(Status status, List<CheckResult> checks) {

  public static Health of(List<CheckResult> checks) {
    boolean up = checks.stream().allMatch(check -> check.status() == Status.UP);
    return new Health(up ? Status.UP : Status.DOWN, List.copyOf(checks));
  }
}
