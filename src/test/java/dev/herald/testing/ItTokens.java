package dev.herald.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Tokens the ITs' servers accept (pom: it.auth.key, the issuer and audience of it.herald.settings).
 */
public final class ItTokens {

  public static final String KEY = System.getProperty("it.auth.key");
  public static final String ISSUER = "https://it.herald.test";
  public static final String AUDIENCE = "herald-it";

  private ItTokens() {}

  public static JWTClaimsSet.Builder claims(List<String> publish, List<String> subscribe) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .expirationTime(Date.from(Instant.now().plusSeconds(600)))
        .claim("mercure", Map.of("publish", publish, "subscribe", subscribe));
  }

  public static String sign(JWTClaimsSet claims) {
    return sign(KEY, claims);
  }

  public static String sign(String key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      jwt.sign(new MACSigner(key.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String token(List<String> publish, List<String> subscribe) {
    return sign(claims(publish, subscribe).build());
  }
}
