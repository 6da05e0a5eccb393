package dev.herald.mercure.boundary;

import dev.herald.auth.boundary.Callers;
import dev.herald.auth.entity.Caller;
import dev.herald.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Who calls the Mercure hub, with the token sources Mercure's clients use, in its order: {@code
 * Authorization: Bearer}, then the {@code authorization} query parameter (only with {@code
 * mercure.query-token}: a token in a URL ends up in logs and histories), then the {@code
 * mercureAuthorization} cookie, then Herald's own cookie.
 */
@ApplicationScoped
class MercureCallers {

  static final String COOKIE = "mercureAuthorization";
  static final String QUERY = "authorization";

  @Inject Callers callers;
  @Inject Settings settings;

  private boolean queryToken;

  @PostConstruct
  void configure() {
    queryToken = settings.flag("mercure.query-token", false);
  }

  Caller of(HttpServletRequest request) {
    if (request.getHeader("Authorization") != null) {
      return callers.of(request);
    }
    if (queryToken) {
      String token = query(request.getQueryString(), QUERY);
      if (token != null) {
        return callers.withToken(request, token, null);
      }
    }
    String cookie = cookie(request);
    if (cookie != null) {
      return callers.withToken(request, cookie, COOKIE);
    }
    return callers.of(request);
  }

  /** A parameter of the query string only: a form body is not where Mercure reads a token. */
  static String query(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      if (name.equals(key) && equals >= 0) {
        try {
          String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
          return value.isEmpty() ? null : value;
        } catch (IllegalArgumentException malformed) {
          return "";
        }
      }
    }
    return null;
  }

  private static String cookie(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie cookie : cookies) {
      if (COOKIE.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
        return cookie.getValue();
      }
    }
    return null;
  }
}
