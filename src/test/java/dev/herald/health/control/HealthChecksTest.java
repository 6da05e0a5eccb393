package dev.herald.health.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.health.entity.CheckResult;
import dev.herald.health.entity.Health;
import dev.herald.health.entity.Probe;
import dev.herald.health.entity.Status;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class HealthChecksTest {

  @Test
  void upWhenEveryCheckAskedIsUpAndOnlyChecksOfTheProbeAreAsked() {
    Health ready =
        HealthChecks.ask(
            List.of(
                check("b", EnumSet.of(Probe.READINESS), () -> Status.UP),
                check("a", EnumSet.allOf(Probe.class), () -> Status.UP),
                check("live-only", EnumSet.of(Probe.LIVENESS), () -> Status.DOWN)),
            EnumSet.of(Probe.READINESS));

    assertThat(ready.status()).isEqualTo(Status.UP);
    assertThat(ready.checks())
        .containsExactly(new CheckResult("a", Status.UP), new CheckResult("b", Status.UP));
  }

  @Test
  void downWhenOneCheckIsDownOrThrows() {
    List<HealthCheck> checks =
        List.of(
            check("fine", EnumSet.allOf(Probe.class), () -> Status.UP),
            check(
                "broken",
                EnumSet.allOf(Probe.class),
                () -> {
                  throw new IllegalStateException("boom");
                }));

    Health health = HealthChecks.ask(checks, EnumSet.allOf(Probe.class));

    assertThat(health.status()).isEqualTo(Status.DOWN);
    assertThat(health.checks())
        .containsExactly(
            new CheckResult("broken", Status.DOWN), new CheckResult("fine", Status.UP));
  }

  private static HealthCheck check(String name, Set<Probe> probes, Supplier<Status> status) {
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Set<Probe> probes() {
        return probes;
      }

      @Override
      public Status status() {
        return status.get();
      }
    };
  }
}
