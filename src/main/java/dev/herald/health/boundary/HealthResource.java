package dev.herald.health.boundary;

import dev.herald.health.control.HealthChecks;
import dev.herald.health.entity.Health;
import dev.herald.health.entity.Probe;
import dev.herald.health.entity.Status;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.EnumSet;
import java.util.Set;

/**
 * Health for operators and orchestrators: {@code /live} (restart me if DOWN), {@code /ready} (send
 * me traffic only if UP), and both at once at the root. {@code 200} when UP, {@code 503} when DOWN.
 */
@ApplicationScoped
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operations")
@ApiResponse(responseCode = "200", description = "UP")
@ApiResponse(responseCode = "503", description = "DOWN")
public class HealthResource {

  @Inject HealthChecks checks;

  @GET
  @Operation(summary = "Liveness and readiness")
  public Response all() {
    return answer(EnumSet.allOf(Probe.class));
  }

  @GET
  @Path("live")
  @Operation(summary = "Liveness: restart when not 200")
  public Response live() {
    return answer(EnumSet.of(Probe.LIVENESS));
  }

  @GET
  @Path("ready")
  @Operation(summary = "Readiness: send traffic only on 200")
  public Response ready() {
    return answer(EnumSet.of(Probe.READINESS));
  }

  private Response answer(Set<Probe> probes) {
    Health health = checks.ask(probes);
    return Response.status(health.status() == Status.UP ? 200 : 503)
        .header("Cache-Control", "no-store")
        .entity(health)
        .build();
  }
}
