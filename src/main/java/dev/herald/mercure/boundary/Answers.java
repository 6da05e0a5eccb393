package dev.herald.mercure.boundary;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.auth.control.Refusal;
import dev.herald.problem.Problem;
import dev.herald.problem.ProblemException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The hub's refusals as problems, as Herald's API answers them: the endpoint is a servlet. */
final class Answers {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Answers() {}

  static void refusal(HttpServletResponse response, Refusal refusal) throws IOException {
    Problem problem =
        new Problem("urn:herald:problem:" + refusal.code(), refusal.status(), refusal.getMessage());
    refusal.details().forEach(problem::with);
    if (refusal.authenticate() != null) {
      response.setHeader("WWW-Authenticate", refusal.authenticate());
    }
    if (refusal.retryAfterSeconds() > 0) {
      response.setHeader("Retry-After", Long.toString(refusal.retryAfterSeconds()));
    }
    problem(response, problem);
  }

  static void problem(HttpServletResponse response, ProblemException exception) throws IOException {
    if (exception.retryAfterSeconds() >= 0) {
      response.setHeader("Retry-After", Long.toString(exception.retryAfterSeconds()));
    }
    problem(response, exception.problem());
  }

  static void problem(HttpServletResponse response, Problem problem) throws IOException {
    response.setStatus(problem.getStatus());
    response.setCharacterEncoding("UTF-8");
    response.setContentType(Problem.MEDIA_TYPE);
    JSON.writeValue(response.getOutputStream(), problem);
  }
}
