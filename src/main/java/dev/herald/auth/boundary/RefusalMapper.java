package dev.herald.auth.boundary;

import dev.herald.auth.control.Refusal;
import dev.herald.problem.Problem;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal as a problem ({@code urn:herald:problem:<code>}), or in OpenAI's error shape on the
 * chat endpoint, whose clients read that; with {@code WWW-Authenticate} and {@code Retry-After}.
 */
@Provider
public class RefusalMapper implements ExceptionMapper<Refusal> {

  @Context UriInfo uri;

  @Override
  public Response toResponse(Refusal refusal) {
    Response.ResponseBuilder answer;
    if (uri != null && uri.getPath().startsWith("chat/")) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("message", refusal.getMessage());
      error.put("type", refusal.status() == 429 ? "rate_limit_error" : "invalid_request_error");
      error.put("param", null);
      error.put("code", refusal.code());
      answer =
          Response.status(refusal.status())
              .type(MediaType.APPLICATION_JSON_TYPE)
              .entity(Map.of("error", error));
    } else {
      Problem problem =
          new Problem(
              "urn:herald:problem:" + refusal.code(), refusal.status(), refusal.getMessage());
      refusal.details().forEach(problem::with);
      answer = Response.fromResponse(problem.toResponse());
    }
    if (refusal.authenticate() != null) {
      answer.header(HttpHeaders.WWW_AUTHENTICATE, refusal.authenticate());
    }
    if (refusal.retryAfterSeconds() > 0) {
      answer.header(HttpHeaders.RETRY_AFTER, refusal.retryAfterSeconds());
    }
    return answer.build();
  }
}
