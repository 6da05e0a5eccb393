package dev.herald.health.control;

import dev.herald.health.entity.Probe;
import dev.herald.health.entity.Status;
import java.util.Set;

/**
 * One part of Herald that health probes ask about. Every CDI bean implementing it is asked; a
 * feature adds a check by adding such a bean.
 */
public interface HealthCheck {

  String name();

  /** The probes this check counts for. */
  Set<Probe> probes();

  Status status();
}
