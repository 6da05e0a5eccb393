package dev.herald.auth.boundary;

import dev.herald.auth.control.Refusal;
import dev.herald.auth.control.TokenVerifier;
import dev.herald.auth.entity.Grant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * {@code /api/auth}: what the caller's token allows, and the {@code herald_token} cookie that lets
 * a page's {@code EventSource} (which cannot send headers) present a token.
 */
@ApplicationScoped
@Path("auth")
public class CookieResource {

  @Inject TokenVerifier verifier;
  @Inject Callers callers;

  /** The grant of the token the request presents, or that it presents none. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Who who(@Context HttpServletRequest request) {
    Grant grant = callers.of(request).grant();
    return grant == null ? new Who(true, List.of(), List.of(), false, null) : Who.of(grant);
  }

  /** Sets the cookie to the bearer token, HttpOnly, SameSite=Strict, expiring with the token. */
  @POST
  @Path("cookie")
  @Produces(MediaType.APPLICATION_JSON)
  public Response set(@Context HttpServletRequest request) {
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      throw Refusal.tokenRequired("Send the token as Authorization: Bearer to set the cookie.");
    }
    String token = Callers.bearer(authorization);
    Grant grant = verifier.verify(token);
    NewCookie.Builder cookie = cookie(request, token);
    if (grant.expiresAt() != null) {
      long seconds = Math.max(1, Duration.between(Instant.now(), grant.expiresAt()).toSeconds());
      cookie
          .maxAge((int) Math.min(Integer.MAX_VALUE, seconds))
          .expiry(Date.from(grant.expiresAt()));
    }
    return Response.ok(Who.of(grant)).cookie(cookie.build()).build();
  }

  @DELETE
  @Path("cookie")
  public Response clear(@Context HttpServletRequest request) {
    return Response.noContent()
        .cookie(cookie(request, "").maxAge(0).expiry(new Date(0)).build())
        .build();
  }

  private static NewCookie.Builder cookie(HttpServletRequest request, String value) {
    return new NewCookie.Builder(Callers.COOKIE)
        .value(value)
        .path(request.getContextPath() + "/api")
        .httpOnly(true)
        .secure(request.isSecure())
        .sameSite(NewCookie.SameSite.STRICT);
  }

  /** What a token allows; {@code anonymous} when the request sent none. */
  public record Who(
      boolean anonymous,
      List<String> publish,
      List<String> subscribe,
      boolean chat,
      String expiresAt) {

    static Who of(Grant grant) {
      return new Who(
          false,
          grant.publish(),
          grant.subscribe(),
          grant.chat(),
          grant.expiresAt() == null ? null : grant.expiresAt().toString());
    }
  }
}
