package dev.herald.auth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.herald.auth.entity.Grant;
import dev.herald.config.Settings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TokenVerifierTest {

  static final String SECRET = "an-hs256-secret-of-at-least-32-bytes!";
  static final String ISSUER = "https://id.example.com";
  static final String AUDIENCE = "herald";

  static RSAKey rsa;
  static RSAKey rotated;
  static ECKey ec;
  static HttpServer jwksServer;
  static final AtomicReference<JWKSet> published = new AtomicReference<>();
  static TokenVerifier verifier;

  @BeforeAll
  static void keys() throws Exception {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    published.set(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())));
    jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwksServer.createContext(
        "/jwks",
        exchange -> {
          byte[] body = published.get().toString().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    jwksServer.start();
    verifier =
        verifier(
            Map.of(
                "herald.auth.jwt.key", SECRET,
                "herald.auth.jwks.url", jwksUrl(),
                "herald.auth.issuer", ISSUER,
                "herald.auth.audience", AUDIENCE));
  }

  @AfterAll
  static void stop() {
    verifier.stop();
    jwksServer.stop(0);
  }

  static String jwksUrl() {
    return "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks";
  }

  static TokenVerifier verifier(Map<String, String> properties) {
    Map<String, String> copy = new HashMap<>(properties);
    UnaryOperator<String> none = name -> null;
    TokenVerifier verifier = new TokenVerifier();
    verifier.settings = new Settings(copy::get, none);
    verifier.configure();
    return verifier;
  }

  static JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .expirationTime(Date.from(Instant.now().plusSeconds(600)))
        .claim("mercure", Map.of("publish", List.of("news"), "subscribe", List.of("{t}")));
  }

  static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String hs(JWTClaimsSet claims) {
    return hs(new JWSHeader(JWSAlgorithm.HS256), claims);
  }

  static String hs(JWSHeader header, JWTClaimsSet claims) {
    try {
      return sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)), header, claims);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String rs(RSAKey key, JWTClaimsSet claims) {
    try {
      return sign(
          new RSASSASigner(key),
          new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
          claims);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Date ago(long seconds) {
    return Date.from(Instant.now().minusSeconds(seconds));
  }

  static Date in(long seconds) {
    return Date.from(Instant.now().plusSeconds(seconds));
  }

  static Stream<Arguments> refused() throws Exception {
    String payload =
        Base64URL.encode(claims().build().toString().getBytes(StandardCharsets.UTF_8)).toString();
    String none = Base64URL.encode("{\"alg\":\"none\"}").toString() + "." + payload + ".";
    // algorithm confusion: HS256 keyed with the RSA public key the JWKS publishes
    String confused =
        sign(
            new MACSigner(rsa.toRSAPublicKey().getEncoded()),
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
            claims().build());
    String otherSecret =
        sign(
            new MACSigner("another-secret-that-is-32-bytes-long!!"),
            new JWSHeader(JWSAlgorithm.HS256),
            claims().build());
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    return Stream.of(
        Arguments.of("bad signature", otherSecret),
        Arguments.of(
            "bad RSA signature (a stranger's key, same kid)", rs(stranger, claims().build())),
        Arguments.of("tampered payload", tamper(hs(claims().build()))),
        Arguments.of("expired", hs(claims().expirationTime(ago(120)).build())),
        Arguments.of("not yet valid", hs(claims().notBeforeTime(in(120)).build())),
        Arguments.of("wrong issuer", hs(claims().issuer("https://evil.example").build())),
        Arguments.of("no issuer", hs(claims().issuer(null).build())),
        Arguments.of("wrong audience", hs(claims().audience("other").build())),
        Arguments.of("no audience", hs(claims().audience((String) null).build())),
        Arguments.of("alg none", none),
        Arguments.of("algorithm confusion", confused),
        Arguments.of(
            "jku header",
            hs(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                    .jwkURL(URI.create("https://evil.example/jwks"))
                    .build(),
                claims().build())),
        Arguments.of(
            "jwk header",
            hs(
                new JWSHeader.Builder(JWSAlgorithm.HS256).jwk(rsa.toPublicJWK()).build(),
                claims().build())),
        Arguments.of(
            "x5u header",
            hs(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                    .x509CertURL(URI.create("https://evil.example/cert"))
                    .build(),
                claims().build())),
        Arguments.of(
            "HS384 (not the key's algorithm)",
            sign(
                new MACSigner(SECRET + SECRET),
                new JWSHeader(JWSAlgorithm.HS384),
                claims().build())),
        Arguments.of(
            "wrong typ",
            hs(
                new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("other")).build(),
                claims().build())),
        Arguments.of(
            "publish not an array",
            hs(claims().claim("mercure", Map.of("publish", "news")).build())),
        Arguments.of("garbage", "not.a.token"),
        Arguments.of("empty", ""));
  }

  static String tamper(String token) {
    String[] parts = token.split("\\.");
    String claims =
        Base64URL.encode(
                claims()
                    .claim("mercure", Map.of("publish", List.of("*")))
                    .build()
                    .toString()
                    .getBytes(StandardCharsets.UTF_8))
            .toString();
    return parts[0] + "." + claims + "." + parts[2];
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void refusesEveryInvalidTokenWithTheSameAnswer(String why, String token) {
    assertThatThrownBy(() -> verifier.verify(token))
        .isInstanceOfSatisfying(
            Refusal.class,
            refusal -> {
              assertThat(refusal.status()).isEqualTo(401);
              assertThat(refusal.getMessage()).isEqualTo(Refusal.INVALID_TOKEN);
              assertThat(refusal.authenticate()).isEqualTo("Bearer error=\"invalid_token\"");
            });
  }

  @Test
  void acceptsAnHs256TokenAndReadsItsMercureClaims() {
    Instant exp = Instant.now().plusSeconds(600);
    Grant grant =
        verifier.verify(
            hs(
                claims()
                    .expirationTime(Date.from(exp))
                    .claim(
                        "mercure",
                        Map.of(
                            "publish", List.of("news"),
                            "subscribe", List.of("*"),
                            "payload", Map.of("user", "ada")))
                    .claim("herald", Map.of("chat", true))
                    .build()));
    assertThat(grant.publish()).containsExactly("news");
    assertThat(grant.subscribe()).containsExactly("*");
    assertThat(grant.chat()).isTrue();
    assertThat(grant.payload()).isEqualTo(Map.of("user", "ada"));
    assertThat(grant.expiresAt()).isEqualTo(Instant.ofEpochSecond(exp.getEpochSecond()));
    assertThat(grant.key()).isNotBlank().doesNotContain(".");
  }

  @Test
  void aTokenWithoutClaimsGrantsNothingAndNoExpiryMeansNone() {
    Grant grant = verifier.verify(hs(claims().expirationTime(null).claim("mercure", null).build()));
    assertThat(grant.publish()).isEmpty();
    assertThat(grant.subscribe()).isEmpty();
    assertThat(grant.chat()).isFalse();
    assertThat(grant.expiresAt()).isNull();
  }

  @Test
  void allowsASmallClockLeeway() {
    assertThat(verifier.verify(hs(claims().expirationTime(ago(10)).build()))).isNotNull();
    assertThat(verifier.verify(hs(claims().notBeforeTime(in(10)).build()))).isNotNull();
  }

  @Test
  void acceptsRs256AndEs256FromTheJwksAndAKeyRotatedInByKid() throws Exception {
    assertThat(verifier.verify(rs(rsa, claims().build())).publish()).containsExactly("news");
    String es =
        sign(
            new ECDSASigner(ec),
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(),
            claims().build());
    assertThat(verifier.verify(es)).isNotNull();

    String fromRotatedKey = rs(rotated, claims().build());
    published.set(new JWKSet(List.of(rotated.toPublicJWK(), ec.toPublicJWK())));
    assertThat(verifier.verify(fromRotatedKey)).isNotNull();
  }

  @Test
  void withOnlyAnHsKeyRs256IsRefusedAndWithOnlyJwksHs256Is() {
    TokenVerifier hsOnly = verifier(Map.of("herald.auth.jwt.key", SECRET));
    TokenVerifier jwksOnly = verifier(Map.of("herald.auth.jwks.url", jwksUrl()));
    try {
      assertThat(hsOnly.verify(hs(claims().build()))).isNotNull();
      assertThatThrownBy(() -> hsOnly.verify(rs(rsa, claims().build())))
          .isInstanceOf(Refusal.class);
      assertThatThrownBy(() -> jwksOnly.verify(hs(claims().build()))).isInstanceOf(Refusal.class);
    } finally {
      hsOnly.stop();
      jwksOnly.stop();
    }
  }

  @Test
  void withNoKeyEveryTokenIsRefused() {
    TokenVerifier none = verifier(Map.of());
    assertThat(none.configured()).isFalse();
    assertThatThrownBy(() -> none.verify(hs(claims().build()))).isInstanceOf(Refusal.class);
  }

  @Test
  void aKeyShorterThan32BytesStopsTheStartAndIsNotShown() {
    assertThatThrownBy(
            () -> verifier(Map.of("herald.auth.jwt.key", "short-secret-31-bytes-long!!!!!")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("auth.jwt.key is 31 bytes")
        .hasMessageNotContaining("short-secret");
    assertThat(
            verifier(Map.of("herald.auth.jwt.key", "exactly-thirty-two-bytes-long-ok"))
                .configured())
        .isTrue();
  }
}
