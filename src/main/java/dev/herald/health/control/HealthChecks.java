package dev.herald.health.control;

import dev.herald.health.entity.CheckResult;
import dev.herald.health.entity.Health;
import dev.herald.health.entity.Probe;
import dev.herald.health.entity.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Asks every {@link HealthCheck} that counts for a probe; a check that throws is DOWN. */
@ApplicationScoped
public class HealthChecks {

  private static final Logger LOG = Logger.getLogger(HealthChecks.class.getName());

  @Inject Instance<HealthCheck> all;

  public Health ask(Set<Probe> probes) {
    return ask(all.stream().toList(), probes);
  }

  static Health ask(List<HealthCheck> checks, Set<Probe> probes) {
    return Health.of(
        checks.stream()
            .filter(check -> check.probes().stream().anyMatch(probes::contains))
            .sorted(Comparator.comparing(HealthCheck::name))
            .map(check -> new CheckResult(check.name(), statusOf(check)))
            .toList());
  }

  private static Status statusOf(HealthCheck check) {
    try {
      return check.status();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "Health check " + check.name() + " failed", e);
      return Status.DOWN;
    }
  }
}
