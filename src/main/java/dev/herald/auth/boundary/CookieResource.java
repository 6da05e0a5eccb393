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
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/auth}: what the caller's token allows, and the {@code herald_token} cookie that lets
 * a page's {@code EventSource} (which cannot send headers) present a token; with it Mercure's
 * {@code mercureAuthorization} cookie, for the Mercure hub's path only.
 */
@ApplicationScoped
@Path("auth")
public class CookieResource {

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

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
    String expiry = "";
    if (grant.expiresAt() != null) {
      long seconds = Math.max(1, Duration.between(Instant.now(), grant.expiresAt()).toSeconds());
      expiry =
          "; Max-Age=%d; Expires=%s"
              .formatted(seconds, HTTP_DATE.format(grant.expiresAt().atZone(ZoneOffset.UTC)));
    }
    return Response.ok(Who.of(grant))
        .header(HttpHeaders.SET_COOKIE, cookie(request, token) + expiry)
        .header(HttpHeaders.SET_COOKIE, mercureCookie(request, token) + expiry)
        .build();
  }

  @DELETE
  @Path("cookie")
  public Response clear(@Context HttpServletRequest request) {
    return Response.noContent()
        .header(
            HttpHeaders.SET_COOKIE,
            cookie(request, "") + "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
        .header(
            HttpHeaders.SET_COOKIE,
            mercureCookie(request, "") + "; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT")
        .build();
  }

  // written out: JAX-RS's NewCookie adds the obsolete Version=1 attribute
  private static String cookie(HttpServletRequest request, String value) {
    return Callers.COOKIE
        + "="
        + value
        + "; Path="
        + request.getContextPath()
        + "/api; HttpOnly; SameSite=Strict"
        + (request.isSecure() ? "; Secure" : "");
  }

  private static String mercureCookie(HttpServletRequest request, String value) {
    return "mercureAuthorization="
        + value
        + "; Path="
        + request.getContextPath()
        + "/.well-known/mercure; HttpOnly; SameSite=Strict"
        + (request.isSecure() ? "; Secure" : "");
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
