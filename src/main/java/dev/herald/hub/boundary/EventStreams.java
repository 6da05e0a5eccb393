package dev.herald.hub.boundary;

import dev.herald.problem.Problem;
import dev.herald.problem.ProblemException;
import dev.herald.sse.EventStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.AsyncResponse;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * Opens a hub stream on a request that JAX-RS has suspended ({@code @Suspended AsyncResponse},
 * never resumed): the hub writes the response itself from then on.
 */
final class EventStreams {

  private EventStreams() {}

  static Supplier<EventStream> opener(HttpServletRequest request, AsyncResponse suspended) {
    return () -> {
      try {
        return EventStream.open(request, suspended);
      } catch (IOException | IllegalStateException e) {
        throw new ProblemException(Problem.of(400, "The connection could not be streamed to."));
      }
    };
  }
}
