package dev.herald.auth.control;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.herald.auth.entity.Grant;
import dev.herald.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Verifies bearer tokens: HS256 with {@code auth.jwt.key}, RS256/ES256 with the keys of {@code
 * auth.jwks.url} (cached, refreshed ahead, a new {@code kid} fetched when it appears). The accepted
 * algorithm is the configured key's, never the header's choice; {@code exp} and {@code nbf} are
 * checked when present, {@code iss} and {@code aud} when configured, with {@code auth.leeway}.
 */
@ApplicationScoped
public class TokenVerifier {

  static final int MIN_KEY_BYTES = 32;
  static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
  private static final Set<JWSAlgorithm> JWKS_ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  private static final Logger LOG = Logger.getLogger(TokenVerifier.class.getName());

  @Inject Settings settings;

  private DefaultJWTProcessor<SecurityContext> processor;
  private JWKSource<SecurityContext> jwks;
  private boolean configured;

  /** Deploying checks the settings: a key too short stops the application from starting. */
  void checkOnStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
    LOG.fine(() -> configured ? "Tokens are verified" : "No key for tokens is configured");
  }

  @PostConstruct
  void configure() {
    String secret = settings.text("auth.jwt.key", null);
    String jwksUrl = settings.text("auth.jwks.url", null);
    JWSKeySelector<SecurityContext> hs = null;
    JWSKeySelector<SecurityContext> rsOrEs = null;
    if (secret != null) {
      byte[] key = secret.getBytes(StandardCharsets.UTF_8);
      if (key.length < MIN_KEY_BYTES) {
        String why =
            "auth.jwt.key is %d bytes long; an HS256 key must have at least %d: Herald does not start"
                .formatted(key.length, MIN_KEY_BYTES);
        LOG.severe(why);
        throw new IllegalStateException(why);
      }
      hs = new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(key));
    }
    if (jwksUrl != null) {
      try {
        jwks = JWKSourceBuilder.create(URI.create(jwksUrl).toURL()).retrying(true).build();
      } catch (MalformedURLException | IllegalArgumentException e) {
        String why = "auth.jwks.url is not a URL: Herald does not start";
        LOG.severe(why);
        throw new IllegalStateException(why, e);
      }
      rsOrEs = new JWSVerificationKeySelector<>(JWKS_ALGORITHMS, jwks);
    }
    configured = hs != null || rsOrEs != null;
    JWSKeySelector<SecurityContext> forHs = hs;
    JWSKeySelector<SecurityContext> forJwks = rsOrEs;
    processor = new DefaultJWTProcessor<>();
    // the header names the algorithm; only the configured key's algorithms find a key at all
    processor.setJWSKeySelector(
        (header, context) -> {
          if (JWSAlgorithm.HS256.equals(header.getAlgorithm()) && forHs != null) {
            return forHs.selectJWSKeys(header, context);
          }
          if (JWKS_ALGORITHMS.contains(header.getAlgorithm()) && forJwks != null) {
            return forJwks.selectJWSKeys(header, context);
          }
          return List.of();
        });
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    String issuer = settings.text("auth.issuer", null);
    String audience = settings.text("auth.audience", null);
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            // a HashSet: nimbus 10.5 (Payara's) asks the set whether it contains null
            audience == null ? null : new HashSet<>(List.of(audience)),
            issuer == null ? null : new JWTClaimsSet.Builder().issuer(issuer).build(),
            null,
            null);
    claims.setMaxClockSkew(
        (int)
            settings
                .millis("auth.leeway", DEFAULT_LEEWAY, Duration.ZERO, Duration.ofMinutes(5))
                .toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** Whether a key is configured, so that tokens can be verified at all. */
  public boolean configured() {
    return configured;
  }

  /** The grant of a valid token; {@link Refusal#invalidToken} for any token that is not. */
  public Grant verify(String token) {
    if (!configured || token == null || token.isEmpty() || token.length() > 16 * 1024) {
      throw Refusal.invalidToken();
    }
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      JWSHeader header = jwt.getHeader();
      // keys named by the token itself are the attacker's keys
      if (header.getJWKURL() != null
          || header.getJWK() != null
          || header.getX509CertURL() != null) {
        throw Refusal.invalidToken();
      }
      return grant(token, processor.process(jwt, null));
    } catch (ParseException | BadJOSEException | ClassCastException e) {
      LOG.log(Level.FINEST, "A token was refused", e);
      throw Refusal.invalidToken();
    } catch (JOSEException e) {
      LOG.log(Level.FINE, "A token could not be verified", e);
      throw Refusal.invalidToken();
    }
  }

  private static Grant grant(String token, JWTClaimsSet claims) throws ParseException {
    Map<String, Object> mercure = claims.getJSONObjectClaim("mercure");
    if (mercure == null) {
      mercure = claims.getJSONObjectClaim("https://mercure.rocks/");
    }
    Map<String, Object> herald = claims.getJSONObjectClaim("herald");
    return new Grant(
        key(token),
        selectors(mercure, "publish"),
        selectors(mercure, "subscribe"),
        herald != null && Boolean.TRUE.equals(herald.get("chat")),
        mercure == null ? null : mercure.get("payload"),
        claims.getExpirationTime() == null ? null : claims.getExpirationTime().toInstant());
  }

  private static List<String> selectors(Map<String, Object> mercure, String name)
      throws ParseException {
    Object value = mercure == null ? null : mercure.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
      throw new ParseException("mercure." + name + " must be an array of strings", 0);
    }
    return list.stream().map(String.class::cast).toList();
  }

  /** Names a token for limits without keeping it. */
  private static String key(String token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @PreDestroy
  void stop() {
    if (jwks instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        LOG.log(Level.FINE, "Could not close the JWKS source", e);
      }
    }
  }
}
