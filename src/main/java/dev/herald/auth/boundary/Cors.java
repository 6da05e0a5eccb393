package dev.herald.auth.boundary;

import dev.herald.auth.control.Origins;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * CORS for {@code /api} and the Mercure hub (with its subscriptions API): a listed origin is echoed
 * exactly, with credentials; preflights for publishing and chat are answered here. A state-changing
 * request from any other foreign origin is refused before it reaches Herald, so a page on another
 * site cannot publish or chat through a visitor's browser (not with the cookie, and not through the
 * loopback rule either).
 */
@WebFilter(
    urlPatterns = {
      "/api/*",
      "/.well-known/mercure",
      "/.well-known/mercure/subscriptions",
      "/.well-known/mercure/subscriptions/*"
    },
    asyncSupported = true)
public class Cors extends HttpFilter {

  static final String ALLOW_METHODS = "GET, POST, DELETE";
  static final String ALLOW_HEADERS = "Authorization, Content-Type, Last-Event-ID, Cache-Control";
  static final String EXPOSE_HEADERS = "Last-Event-ID, Retry-After, WWW-Authenticate";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  @Inject Origins origins;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.addHeader("Vary", "Origin");
    String origin = request.getHeader("Origin");
    if (origin == null || Callers.sameOrigin(origin, request)) {
      chain.doFilter(request, response);
      return;
    }
    boolean listed = origins.listed(origin);
    boolean preflight =
        "OPTIONS".equals(request.getMethod())
            && request.getHeader("Access-Control-Request-Method") != null;
    if (listed) {
      response.setHeader("Access-Control-Allow-Origin", origin);
      response.setHeader("Access-Control-Allow-Credentials", "true");
      response.setHeader("Access-Control-Expose-Headers", EXPOSE_HEADERS);
    }
    if (preflight) {
      if (listed) {
        response.setHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
        response.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
        response.setHeader("Access-Control-Max-Age", "600");
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
      } else {
        refuse(response);
      }
    } else if (listed || SAFE_METHODS.contains(request.getMethod())) {
      chain.doFilter(request, response);
    } else {
      refuse(response);
    }
  }

  private static void refuse(HttpServletResponse response) throws IOException {
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setContentType("application/problem+json");
    byte[] body =
        ("{\"type\":\"urn:herald:problem:cross_origin\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"This origin is not listed in cors.origins.\"}")
            .getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
