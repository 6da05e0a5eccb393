package dev.herald.broadcast.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * The servlet request and response of the API request this thread serves. A resource method that
 * took an {@code SseEventSink} and registers it with a broadcaster runs on this thread, and its
 * request's own connection is then written by Herald's non-blocking stream; a JAX-RS sink alone
 * does not lead to its request. JAX-RS gets the response as a {@link HandedOverResponse}, so that
 * it leaves alone a response Herald's stream writes.
 */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class CurrentExchange extends HttpFilter {

  private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<>();

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Exchange outer = CURRENT.get();
    HandedOverResponse seen = new HandedOverResponse(response);
    CURRENT.set(new Exchange(request, seen));
    try {
      chain.doFilter(request, seen);
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  /** The API request this thread serves, if it serves one. */
  static Optional<Exchange> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  record Exchange(HttpServletRequest request, HandedOverResponse response) {

    /** Suspended by JAX-RS (a method that took a sink) and not answered yet. */
    boolean suspendedUnanswered() {
      return request.isAsyncStarted() && !response.isCommitted();
    }
  }
}
