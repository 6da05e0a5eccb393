package dev.herald.auth.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.herald.testing.ItTokens;
import dev.herald.testing.PipelinedHttp;
import dev.herald.testing.ShippedWar;
import dev.herald.testing.SseStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every authorization rule against the shipped WAR, each with a request that must be refused. The
 * servers run with the settings of the pom's it.herald.settings: an HS256 key, an issuer and an
 * audience, loopback publishers trusted, one listed origin and limits low enough to reach.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AuthIT {

  static final String LISTED = "http://app.example.test";
  static final String UNLISTED = "http://evil.example.test";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource URL base;

  static String topic(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static JWTClaimsSet.Builder publisher() {
    return ItTokens.claims(List.of("*"), List.of());
  }

  static Date in(long seconds) {
    return Date.from(Instant.now().plusSeconds(seconds));
  }

  static Stream<Arguments> invalidTokens() throws Exception {
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("k").generate();
    SignedJWT rs256 =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(), publisher().build());
    rs256.sign(new RSASSASigner(rsa));
    String none =
        Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}")
            + "."
            + Base64URL.encode(publisher().build().toString())
            + ".";
    return Stream.of(
        Arguments.of(
            "bad signature",
            ItTokens.sign("another-key-0123456789-0123456789-abc", publisher().build())),
        Arguments.of("expired", ItTokens.sign(publisher().expirationTime(in(-300)).build())),
        Arguments.of("not yet valid", ItTokens.sign(publisher().notBeforeTime(in(300)).build())),
        Arguments.of(
            "wrong issuer", ItTokens.sign(publisher().issuer("https://other.test").build())),
        Arguments.of("wrong audience", ItTokens.sign(publisher().audience("other").build())),
        Arguments.of("alg none", none),
        Arguments.of("RS256 where the key is HS256", rs256.serialize()),
        Arguments.of("not a token", "abc.def.ghi"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTokens")
  void everyInvalidTokenGetsTheSame401AndChangesNothing(String why, String token) throws Exception {
    String topic = topic("invalid");
    for (HttpResponse<String> refused :
        List.of(
            publish(topic, "{\"data\":1}", Map.of("Authorization", "Bearer " + token)),
            publish(
                topic,
                "{\"data\":1}",
                Map.of("Cookie", "herald_token=" + token, "Origin", origin())),
            send(
                get(
                    "api/topics/" + topic + "/events",
                    Map.of("Authorization", "Bearer " + token))))) {
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer error=\"invalid_token\"");
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(JSON.readTree(refused.body()).get("detail").asText())
          .isEqualTo("The token is not valid.");
    }
    assertThat(send(get("api/topics/" + topic, Map.of())).statusCode())
        .as("no topic made")
        .isEqualTo(404);
  }

  @Test
  void publishingNeedsAMatchingSelectorAndTheRefusalNamesTheTopic() throws Exception {
    String topic = topic("orders");
    String token = ItTokens.token(List.of("news", "orders-{id}"), List.of());
    HttpResponse<String> refused = publish(topic("news"), "{\"data\":1}", bearer(token));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer error=\"insufficient_scope\"");
    assertThat(JSON.readTree(refused.body()).get("topic").asText()).startsWith("news-");
    assertThat(publish("news", "{\"data\":1}", bearer(token)).statusCode()).isEqualTo(201);
    assertThat(publish(topic, "{\"data\":1}", bearer(token)).statusCode()).isEqualTo(201);
  }

  @Test
  void aTokenInTheQueryStringIsNeverRead() throws Exception {
    String topic = topic("query");
    String reader = ItTokens.token(List.of(), List.of("*"));
    try (SseStream stream =
        SseStream.open(
            URI.create(
                base
                    + "api/topics/"
                    + topic
                    + "/events?authorization="
                    + reader
                    + "&access_token="
                    + reader))) {
      publish(
          topic,
          "{\"data\":\"secret\",\"private\":true}",
          bearer(ItTokens.token(List.of("*"), List.of())));
      publish(topic, "{\"data\":\"public\"}", Map.of());
      assertThat(stream.next().data()).as("read as anonymous").isEqualTo("\"public\"");
    }
  }

  @Test
  void privateEventsReachOnlyReadersWithAMatchingSelectorLiveAndInReplay() throws Exception {
    String topic = topic("private");
    String publisher = ItTokens.token(List.of("*"), List.of());
    Map<String, String> allowed = bearer(ItTokens.token(List.of(), List.of("private-{x}")));
    Map<String, String> other = bearer(ItTokens.token(List.of(), List.of("elsewhere")));
    String first = id(publish(topic, "{\"data\":\"before\"}", Map.of()));
    try (SseStream anonymous = SseStream.open(events(topic), Map.of());
        SseStream reader = SseStream.open(events(topic), allowed);
        SseStream stranger = SseStream.open(events(topic), other)) {
      awaitSubscribers(topic, 3);
      publish(topic, "{\"data\":\"json secret\",\"private\":true}", bearer(publisher));
      HttpResponse<String> text =
          send(
              HttpRequest.newBuilder(
                      URI.create(base + "api/topics/" + topic + "/events?private=true"))
                  .header("Content-Type", "text/plain")
                  .header("Authorization", "Bearer " + publisher)
                  .POST(HttpRequest.BodyPublishers.ofString("text secret")));
      assertThat(text.statusCode()).as(text.body()).isEqualTo(201);
      publish(topic, "{\"data\":\"public\"}", Map.of());

      assertThat(reader.next().data()).isEqualTo("\"json secret\"");
      assertThat(reader.next().data()).isEqualTo("text secret");
      assertThat(reader.next().data()).isEqualTo("\"public\"");
      assertThat(anonymous.next().data()).as("anonymous, live").isEqualTo("\"public\"");
      assertThat(stranger.next().data()).as("selector elsewhere, live").isEqualTo("\"public\"");
    }
    try (SseStream anonymous = SseStream.open(events(topic), Map.of("Last-Event-ID", first));
        SseStream reader = SseStream.open(events(topic), with(allowed, "Last-Event-ID", first))) {
      assertThat(anonymous.next().data()).as("anonymous, replay").isEqualTo("\"public\"");
      assertThat(reader.next().data()).isEqualTo("\"json secret\"");
    }
    HttpResponse<String> byAnonymousLoopback =
        publish(topic, "{\"data\":1,\"private\":\"yes\"}", Map.of());
    assertThat(byAnonymousLoopback.statusCode()).as("private must be a boolean").isEqualTo(400);
  }

  @Test
  void aStreamEndsWhenItsTokenExpires() throws Exception {
    String topic = topic("expiry");
    Instant expires = Instant.now().plusSeconds(3);
    String shortLived =
        ItTokens.sign(
            ItTokens.claims(List.of(), List.of("*")).expirationTime(Date.from(expires)).build());
    long opened = System.nanoTime();
    try (SseStream stream = SseStream.open(events(topic), bearer(shortLived))) {
      assertThat(stream.response().statusCode()).isEqualTo(200);
      publish(topic, "{\"data\":\"while valid\"}", Map.of());
      assertThat(stream.next().data()).isEqualTo("\"while valid\"");
      assertThat(stream.next()).as("the stream ended").isNull();
      assertThat(Instant.now())
          .isAfterOrEqualTo(expires.minusMillis(1500))
          .isBefore(expires.plusSeconds(5));
    }
    assertThat(System.nanoTime() - opened).isLessThan(TimeUnit.SECONDS.toNanos(10));
    // within auth.leeway the expired token still opens a stream, which ends at once; then 401
    try (SseStream again = SseStream.open(events(topic), bearer(shortLived))) {
      if (again.response().statusCode() == 200) {
        long reopened = System.nanoTime();
        assertThat(again.next()).as("no event after the token's expiry").isNull();
        assertThat(System.nanoTime() - reopened).isLessThan(TimeUnit.SECONDS.toNanos(5));
      } else {
        assertThat(again.response().statusCode()).isEqualTo(401);
      }
    }
  }

  @Test
  void theCookieCarriesTheTokenAndAStateChangeByCookieNeedsAnAllowedOrigin() throws Exception {
    String topic = topic("cookie");
    String token = ItTokens.token(List.of("*"), List.of("*"));
    HttpResponse<String> set =
        send(
            HttpRequest.newBuilder(URI.create(base + "api/auth/cookie"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    String cookie = set.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("herald_token=" + token)
        .contains("HttpOnly")
        .contains("SameSite=Strict")
        .contains("Path=/api")
        .containsPattern("Max-Age=(59\\d|600)")
        .doesNotContain("Secure");
    Map<String, String> byCookie = Map.of("Cookie", "herald_token=" + token);

    assertThat(publish(topic, "{\"data\":1}", with(byCookie, "Origin", origin())).statusCode())
        .isEqualTo(201);
    assertThat(publish(topic, "{\"data\":2}", with(byCookie, "Origin", LISTED)).statusCode())
        .isEqualTo(201);
    assertThat(
            publish(topic, "{\"data\":3}", with(byCookie, "Referer", base + "console.html"))
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> noOrigin = publish(topic, "{\"data\":4}", byCookie);
    assertThat(noOrigin.statusCode()).as(noOrigin.body()).isEqualTo(403);
    assertThat(noOrigin.body()).contains("herald_token");
    assertThat(publish(topic, "{\"data\":5}", with(byCookie, "Origin", UNLISTED)).statusCode())
        .isEqualTo(403);
    assertThat(
            JSON.readTree(send(get("api/topics/" + topic, Map.of())).body())
                .get("retained")
                .asInt())
        .as("only the allowed publishes")
        .isEqualTo(3);

    HttpResponse<String> who = send(get("api/auth", byCookie));
    assertThat(JSON.readTree(who.body()).get("anonymous").asBoolean()).isFalse();
    HttpResponse<String> cleared =
        send(HttpRequest.newBuilder(URI.create(base + "api/auth/cookie")).DELETE());
    assertThat(cleared.statusCode()).isEqualTo(204);
    assertThat(cleared.headers().firstValue("Set-Cookie").orElseThrow())
        .startsWith("herald_token=;")
        .contains("Max-Age=0");
    HttpResponse<String> without =
        send(
            HttpRequest.newBuilder(URI.create(base + "api/auth/cookie"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(without.statusCode()).isEqualTo(401);
  }

  @Test
  void corsEchoesOnlyListedOriginsAndRefusesOthers() throws Exception {
    String topic = topic("cors");
    for (String path : List.of("api/topics/" + topic + "/events", "api/chat/completions")) {
      HttpResponse<String> preflight = send(preflight(path, LISTED));
      assertThat(preflight.statusCode()).isEqualTo(204);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(LISTED);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials"))
          .hasValue("true");
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
          .contains("Authorization")
          .contains("Content-Type")
          .contains("Last-Event-ID");
      assertThat(preflight.headers().allValues("Vary")).contains("Origin");
      HttpResponse<String> refused = send(preflight(path, UNLISTED));
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
    try (SseStream stream = SseStream.open(events(topic), Map.of("Origin", LISTED))) {
      assertThat(stream.response().headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue(LISTED);
      assertThat(
              stream.response().headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
          .contains("Last-Event-ID");
    }
    try (SseStream stream = SseStream.open(events(topic), Map.of("Origin", UNLISTED))) {
      assertThat(stream.response().statusCode()).as("reading is not a state change").isEqualTo(200);
      assertThat(stream.response().headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
    HttpResponse<String> crossSite =
        send(
            HttpRequest.newBuilder(URI.create(base + "api/topics/" + topic + "/events"))
                .header("Content-Type", "text/plain")
                .header("Origin", UNLISTED)
                .POST(HttpRequest.BodyPublishers.ofString("a page elsewhere")));
    assertThat(crossSite.statusCode()).as("not even through the loopback rule").isEqualTo(403);
    assertThat(
            publish(topic, "{\"data\":1}", Map.of("Origin", LISTED))
                .headers()
                .firstValue("Access-Control-Allow-Origin"))
        .hasValue(LISTED);
    assertThat(
            JSON.readTree(send(get("api/topics/" + topic, Map.of())).body())
                .get("retained")
                .asInt())
        .isEqualTo(1);
  }

  @Test
  void chatNeedsTheHeraldChatClaimAndAnswersInOpenAisShape() throws Exception {
    String noChat = ItTokens.token(List.of("*"), List.of("*"));
    String chat = ItTokens.sign(publisher().claim("herald", Map.of("chat", true)).build());
    HttpResponse<String> refused = chat(bearer(noChat));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(refused.body()).at("/error/code").asText())
        .isEqualTo("insufficient_scope");
    HttpResponse<String> invalid = chat(bearer(noChat + "x"));
    assertThat(invalid.statusCode()).isEqualTo(401);
    assertThat(invalid.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer error=\"invalid_token\"");
    assertThat(JSON.readTree(invalid.body()).at("/error/message").asText())
        .isEqualTo("The token is not valid.");
    assertThat(chat(bearer(chat)).statusCode()).isEqualTo(200);
  }

  @Test
  void openStreamsPerAddressAreLimitedAndFreedWhenTheyEnd() throws Exception {
    int limit = 700;
    String address = "127.0.0.23";
    String topic = topic("streams");
    List<PipelinedHttp> streams = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<PipelinedHttp>> opening = new ArrayList<>();
      for (int i = 0; i < limit; i++) {
        opening.add(
            pool.submit(
                () -> {
                  PipelinedHttp raw = new PipelinedHttp(address, base);
                  PipelinedHttp.Answer head =
                      raw.head(
                          PipelinedHttp.request(
                              "GET", "/api/topics/" + topic + "/events", Map.of(), null));
                  assertThat(head.status()).isEqualTo(200);
                  return raw;
                }));
      }
      for (Future<PipelinedHttp> stream : opening) {
        streams.add(stream.get(60, TimeUnit.SECONDS));
      }
      try (PipelinedHttp one = new PipelinedHttp(address, base)) {
        PipelinedHttp.Answer refused =
            one.pipeline(
                    List.of(
                        PipelinedHttp.request(
                            "GET", "/api/topics/" + topic + "/events", Map.of(), null)))
                .get(0);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.headers()).containsKey("retry-after");
        assertThat(refused.body()).contains("limits.streams-per-address");
      }
      try (SseStream other = SseStream.open(events(topic))) {
        assertThat(other.response().statusCode()).as("another address").isEqualTo(200);
      }
    } finally {
      pool.shutdownNow();
      for (PipelinedHttp stream : streams) {
        stream.close();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (PipelinedHttp again = new PipelinedHttp(address, base)) {
        PipelinedHttp.Answer head =
            again.head(
                PipelinedHttp.request("GET", "/api/topics/" + topic + "/events", Map.of(), null));
        if (head.status() == 200) {
          break;
        }
        assertThat(System.nanoTime()).as("streams freed in time").isLessThan(deadline);
        Thread.sleep(200);
      }
    }
  }

  /**
   * limits.publishes-per-second is 50 here. Loopback publishers without a token count against
   * limits.loopback-publishes-per-second, which these servers set out of reach for the other ITs
   * (LimitsTest refuses them).
   */
  @Test
  void publishesPerSecondArePerToken() throws Exception {
    String topic = topic("rate");
    String token = ItTokens.token(List.of("*"), List.of());
    assertThat(burst("127.0.0.24", topic, Map.of("Authorization", "Bearer " + token))).isTrue();
    String other = ItTokens.token(List.of("*"), List.of("x"));
    assertThat(publish(topic, "{\"data\":0}", bearer(other)).statusCode())
        .as("another token")
        .isEqualTo(201);
  }

  /**
   * 300 publishes, pipelined over 4 connections at once: some must get a 429 with Retry-After, and
   * some must be accepted.
   */
  private boolean burst(String address, String topic, Map<String, String> headers)
      throws Exception {
    List<String> requests = new ArrayList<>();
    Map<String, String> json = new java.util.HashMap<>(headers);
    json.put("Content-Type", "application/json");
    for (int i = 0; i < 500; i++) {
      requests.add(
          PipelinedHttp.request(
              "POST", "/api/topics/" + topic + "/events", json, "{\"data\":" + i + "}"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<List<PipelinedHttp.Answer>>> sent = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        sent.add(
            pool.submit(
                () -> {
                  try (PipelinedHttp raw = new PipelinedHttp(address, base)) {
                    return raw.pipeline(requests);
                  }
                }));
      }
      List<PipelinedHttp.Answer> answers = new ArrayList<>();
      for (Future<List<PipelinedHttp.Answer>> answer : sent) {
        answers.addAll(answer.get(60, TimeUnit.SECONDS));
      }
      assertThat(answers).extracting(PipelinedHttp.Answer::status).containsOnly(201, 429);
      List<PipelinedHttp.Answer> limited = answers.stream().filter(a -> a.status() == 429).toList();
      limited.forEach(a -> assertThat(a.headers().get("retry-after")).isEqualTo("1"));
      limited.forEach(a -> assertThat(a.body()).contains("limits.publishes-per-second"));
      return !limited.isEmpty() && answers.stream().anyMatch(a -> a.status() == 201);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void chatRequestsPerMinuteArePerToken() throws Exception {
    String token = ItTokens.sign(publisher().claim("herald", Map.of("chat", true)).build());
    String body =
        "{\"model\":\"herald-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    List<String> requests = new ArrayList<>();
    for (int i = 0; i < 301; i++) {
      requests.add(
          PipelinedHttp.request(
              "POST",
              "/api/chat/completions",
              Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
              body));
    }
    List<PipelinedHttp.Answer> answers = new ArrayList<>();
    for (int from = 0; from < requests.size(); from += 90) {
      try (PipelinedHttp raw = new PipelinedHttp("127.0.0.26", base)) {
        answers.addAll(raw.pipeline(requests.subList(from, Math.min(from + 90, requests.size()))));
      }
    }
    {
      assertThat(answers.subList(0, 300))
          .extracting(PipelinedHttp.Answer::status)
          .containsOnly(200);
      PipelinedHttp.Answer last = answers.get(300);
      assertThat(last.status()).isEqualTo(429);
      assertThat(Long.parseLong(last.headers().get("retry-after"))).isBetween(1L, 60L);
      assertThat(JSON.readTree(last.body()).at("/error/code").asText()).isEqualTo("rate_limited");
    }
  }

  private HttpResponse<String> chat(Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "api/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"herald-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
    headers.forEach(request::header);
    return send(request);
  }

  private HttpRequest.Builder preflight(String path, String origin) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization, content-type")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
  }

  private String origin() {
    return base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
  }

  private URI events(String topic) {
    return URI.create(base + "api/topics/" + topic + "/events");
  }

  private void awaitSubscribers(String topic, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (JSON.readTree(send(get("api/topics/" + topic, Map.of())).body())
            .path("subscribers")
            .asInt()
        < count) {
      assertThat(System.nanoTime()).as("subscribers registered").isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  private static Map<String, String> with(Map<String, String> headers, String name, String value) {
    Map<String, String> more = new java.util.HashMap<>(headers);
    more.put(name, value);
    return more;
  }

  private static String id(HttpResponse<String> published) throws IOException {
    assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
    return JSON.readTree(published.body()).get("id").asText();
  }

  private HttpResponse<String> publish(String topic, String json, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(events(topic))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(request::header);
    return send(request);
  }

  private HttpRequest.Builder get(String path, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5));
    headers.forEach(request::header);
    return request;
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
