package dev.herald.auth.boundary;

import dev.herald.auth.control.Origins;
import dev.herald.auth.control.Refusal;
import dev.herald.auth.control.TokenVerifier;
import dev.herald.auth.entity.Caller;
import dev.herald.auth.entity.Grant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Who sent a request: the token of {@code Authorization: Bearer}, else of the {@code herald_token}
 * cookie (never one from the query string), and the client's address. A state-changing request that
 * the cookie authenticates must come from this origin or a listed one: a page elsewhere could make
 * the browser send the cookie.
 */
@ApplicationScoped
public class Callers {

  public static final String COOKIE = "herald_token";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

  @Inject TokenVerifier verifier;
  @Inject Origins origins;

  public Caller of(HttpServletRequest request) {
    String address = request.getRemoteAddr();
    boolean loopback = loopback(address);
    String authorization = request.getHeader("Authorization");
    if (authorization != null) {
      return new Caller(address, loopback, verifier.verify(bearer(authorization)), false);
    }
    String cookie = cookie(request);
    if (cookie == null) {
      return new Caller(address, loopback, null, false);
    }
    return withToken(request, cookie, COOKIE);
  }

  /**
   * The caller of a request whose token was found elsewhere (Mercure's cookie or query parameter);
   * {@code cookie} names the cookie it came from (null for none): a browser sends a cookie by
   * itself, which a state-changing request from another origin may not rely on.
   */
  public Caller withToken(HttpServletRequest request, String token, String cookie) {
    String address = request.getRemoteAddr();
    Grant grant = verifier.verify(token);
    if (cookie != null
        && !SAFE_METHODS.contains(request.getMethod())
        && !fromAllowedOrigin(request)) {
      throw Refusal.forbidden(
          "cross_origin",
          "A request authenticated by the "
              + cookie
              + " cookie must come from this origin or one listed in cors.origins.");
    }
    return new Caller(address, loopback(address), grant, cookie != null);
  }

  /** The bearer token of an {@code Authorization} header; any other scheme is not a token. */
  static String bearer(String authorization) {
    if (authorization.length() > 7 && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return authorization.substring(7).trim();
    }
    throw Refusal.invalidToken();
  }

  private boolean fromAllowedOrigin(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    if (origin == null) {
      origin = originOf(request.getHeader("Referer"));
    }
    return origin != null && (sameOrigin(origin, request) || origins.listed(origin));
  }

  /** The origin this request was sent to, as a browser names it. */
  public static boolean sameOrigin(String origin, HttpServletRequest request) {
    String host = request.getHeader("Host");
    return host != null && origin.equalsIgnoreCase(request.getScheme() + "://" + host);
  }

  private static String originOf(String referer) {
    if (referer == null) {
      return null;
    }
    try {
      URI uri = URI.create(referer);
      if (uri.getScheme() == null || uri.getRawAuthority() == null) {
        return null;
      }
      return uri.getScheme() + "://" + uri.getRawAuthority();
    } catch (IllegalArgumentException e) {
      return null;
    }
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

  /** The servlet container gives the address as a literal: this resolves no name. */
  static boolean loopback(String address) {
    if (address == null
        || !(address.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")
            || address.matches("[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*"))) {
      return false;
    }
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
