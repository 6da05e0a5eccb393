package dev.herald.hub.control;

import dev.herald.health.control.HealthCheck;
import dev.herald.health.entity.Probe;
import dev.herald.health.entity.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/** Ready only while events can reach subscribers: the log takes appends and its tail reads. */
@ApplicationScoped
public class EventLogCheck implements HealthCheck {

  @Inject Hub hub;

  @Override
  public String name() {
    return "event-log";
  }

  @Override
  public Set<Probe> probes() {
    return Set.of(Probe.READINESS);
  }

  @Override
  public Status status() {
    return hub.logLive() ? Status.UP : Status.DOWN;
  }
}
