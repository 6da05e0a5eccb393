package dev.herald.auth.control;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request refused for who sent it: 401 (no or an invalid token), 403 (the token does not allow
 * it, or a cross-origin request) or 429 (a limit). The boundary answers it as a problem, or in
 * OpenAI's error shape on the chat endpoint, with {@code WWW-Authenticate} and {@code Retry-After}
 * where they apply.
 */
public class Refusal extends RuntimeException {

  /** The one answer to every token that fails verification: it says nothing of why. */
  public static final String INVALID_TOKEN = "The token is not valid.";

  private final int status;
  private final String code;
  private final String authenticate;
  private final long retryAfterSeconds;
  private final transient Map<String, Object> details = new LinkedHashMap<>();

  private Refusal(
      int status, String code, String authenticate, long retryAfterSeconds, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.authenticate = authenticate;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static Refusal invalidToken() {
    return new Refusal(401, "invalid_token", "Bearer error=\"invalid_token\"", 0, INVALID_TOKEN);
  }

  /** No token where one is needed. */
  public static Refusal tokenRequired(String detail) {
    return new Refusal(401, "token_required", "Bearer", 0, detail);
  }

  public static Refusal insufficientScope(String detail) {
    return new Refusal(403, "insufficient_scope", "Bearer error=\"insufficient_scope\"", 0, detail);
  }

  public static Refusal forbidden(String code, String detail) {
    return new Refusal(403, code, null, 0, detail);
  }

  public static Refusal tooMany(String detail, long retryAfterSeconds) {
    return new Refusal(429, "rate_limited", null, Math.max(1, retryAfterSeconds), detail);
  }

  public Refusal with(String member, Object value) {
    details.put(member, value);
    return this;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The {@code WWW-Authenticate} value, or null. */
  public String authenticate() {
    return authenticate;
  }

  /** Seconds for {@code Retry-After}, or 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public Map<String, Object> details() {
    return details;
  }
}
