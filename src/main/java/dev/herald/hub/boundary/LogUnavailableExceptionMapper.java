package dev.herald.hub.boundary;

import dev.herald.hub.control.LogUnavailableException;
import dev.herald.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A read of the log that Redis did not answer: 503 with a hint when to try again. */
@Provider
public class LogUnavailableExceptionMapper implements ExceptionMapper<LogUnavailableException> {

  private static final Logger LOG = Logger.getLogger(LogUnavailableExceptionMapper.class.getName());

  @Override
  public Response toResponse(LogUnavailableException exception) {
    LOG.log(Level.FINE, "The event log did not answer", exception);
    Response response =
        Problem.of(503, "The event log is unavailable; try again shortly.").toResponse();
    response.getHeaders().putSingle("Retry-After", 1);
    return response;
  }
}
