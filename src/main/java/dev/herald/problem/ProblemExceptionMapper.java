package dev.herald.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

  @Override
  public Response toResponse(ProblemException exception) {
    Response response = exception.problem().toResponse();
    if (exception.retryAfterSeconds() >= 0) {
      response.getHeaders().putSingle("Retry-After", exception.retryAfterSeconds());
    }
    return response;
  }
}
