package dev.herald.mercure.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.HeraldNode;
import dev.herald.testing.ItTokens;
import dev.herald.testing.ShippedWar;
import dev.herald.testing.SseCollector;
import dev.herald.testing.SseEvent;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Mercure hub (draft 07) against the shipped WAR, written from the specification: what
 * Mercure's own conformance suite checks (run by hand, see README-PARTS/15-mercure.md) and what it
 * does not (replay, {@code earliest}, cookies, refused tokens, private updates in replay, CORS, the
 * fields a publisher may not send, active subscriptions). The servers run with the pom's
 * it.herald.settings, which turn mercure.subscriptions on; one test starts a node with it off.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MercureIT {

  static final String LISTED = "http://app.example.test";
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Duration QUIET = Duration.ofMillis(1500);
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

  static String iri(String name) {
    return "https://example.com/" + name + "/" + UUID.randomUUID();
  }

  static String publisher() {
    return ItTokens.token(List.of("*"), List.of());
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  URI hub(String query) {
    return URI.create(base + ".well-known/mercure" + (query.isEmpty() ? "" : "?" + query));
  }

  static String topics(String... selectors) {
    return java.util.Arrays.stream(selectors)
        .map(selector -> "topic=" + URLEncoder.encode(selector, StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  HttpResponse<String> publish(Map<String, String> headers, String... fields) throws Exception {
    StringBuilder form = new StringBuilder();
    for (int i = 0; i < fields.length; i += 2) {
      if (form.length() > 0) {
        form.append('&');
      }
      form.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(hub(""))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  String published(String... fields) throws Exception {
    HttpResponse<String> answer = publish(Map.of("Authorization", bearer(publisher())), fields);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return answer.body();
  }

  SseCollector subscribe(String query, Map<String, String> headers) throws Exception {
    SseCollector stream = SseCollector.open(hub(query), headers);
    assertThat(stream.stream().response().statusCode()).isEqualTo(200);
    return stream;
  }

  static void assertProblem(HttpResponse<String> answer, int status, String detailPart)
      throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(answer.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).contains(detailPart);
  }

  @Test
  void anUpdateReachesTheSelectorsOfAnyOfItsTopicsAsMercuresFrames() throws Exception {
    String canonical = iri("books");
    String alternate = "/shelves/" + UUID.randomUUID();
    try (SseCollector template = subscribe(topics("https://example.com/books/{id}"), Map.of());
        SseCollector byAlternate = subscribe(topics("foo", alternate), Map.of());
        SseCollector elsewhere = subscribe(topics("/shelves/other"), Map.of())) {
      HttpResponse<String> answer =
          publish(
              Map.of("Authorization", bearer(publisher())),
              "topic",
              canonical,
              "topic",
              alternate,
              "data",
              "line one\n\nline three",
              "id",
              "urn:uuid:" + canonical.substring(canonical.lastIndexOf('/') + 1),
              "type",
              "book-updated",
              "retry",
              "1234");
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      String id = answer.body();
      assertThat(id).startsWith("urn:uuid:");
      for (SseCollector stream : List.of(template, byAlternate)) {
        SseEvent event = next(stream, id);
        assertThat(event.id()).isEqualTo(id);
        assertThat(event.type()).isEqualTo("book-updated");
        assertThat(event.data()).isEqualTo("line one\n\nline three");
        assertThat(event.retry()).isEqualTo(1234L);
      }
      String made = published("topic", alternate, "data", "x");
      assertThat(made).as("an id the hub made").isNotBlank();
      assertThat(next(byAlternate, made).id()).isEqualTo(made);
      assertThat(idsWithin(elsewhere, QUIET)).doesNotContain(id, made);
    }
  }

  @Test
  void aResumeGetsTheUpdatesAfterTheIdItSentAndTheAnswerNamesThatId() throws Exception {
    String topic = iri("resume");
    String a = published("topic", topic, "data", "a", "id", "a-" + UUID.randomUUID());
    String b = published("topic", topic, "data", "b");
    String c = published("topic", topic, "data", "c");
    try (SseCollector byHeader = subscribe(topics(topic), Map.of("Last-Event-ID", a))) {
      assertThat(byHeader.stream().response().headers().firstValue("Last-Event-ID")).hasValue(a);
      assertThat(ids(byHeader.take(2, WAIT))).containsExactly(b, c);
    }
    try (SseCollector byQuery = subscribe(topics(topic) + "&lastEventID=" + b, Map.of())) {
      assertThat(byQuery.stream().response().headers().firstValue("Last-Event-ID")).hasValue(b);
      assertThat(ids(byQuery.take(1, WAIT))).containsExactly(c);
    }
    try (SseCollector headerWins =
        subscribe(topics(topic) + "&lastEventID=" + a, Map.of("Last-Event-ID", b))) {
      assertThat(ids(headerWins.take(1, WAIT))).containsExactly(c);
      String d = published("topic", topic, "data", "d");
      assertThat(ids(headerWins.take(1, WAIT))).as("then live").containsExactly(d);
    }
  }

  @Test
  void earliestAndAnUnknownIdReplayEveryRetainedUpdateAnsweringEarliest() throws Exception {
    String topic = iri("earliest");
    String a = published("topic", topic, "data", "a");
    String b = published("topic", topic, "data", "b");
    for (String from : List.of("earliest", "never-published-" + UUID.randomUUID())) {
      try (SseCollector stream =
          subscribe(
              topics(topic) + "&lastEventID=" + URLEncoder.encode(from, StandardCharsets.UTF_8),
              Map.of())) {
        assertThat(stream.stream().response().headers().firstValue("Last-Event-ID"))
            .hasValue("earliest");
        List<SseEvent> replay = stream.take(2, WAIT);
        assertThat(ids(replay)).as("no herald-reset before them").containsExactly(a, b);
      }
    }
    try (SseCollector fresh = subscribe(topics(topic), Map.of())) {
      assertThat(fresh.stream().response().headers().firstValue("Last-Event-ID")).isEmpty();
      assertThat(idsWithin(fresh, QUIET)).as("no replay without an id").isEmpty();
    }
  }

  @Test
  void privateUpdatesReachOnlyTokensThatMaySubscribeToThemLiveAndInReplay() throws Exception {
    String topic = iri("private");
    String reader = ItTokens.token(List.of(), List.of("https://example.com/private/{id}"));
    String otherReader = ItTokens.token(List.of(), List.of("https://example.com/elsewhere/{id}"));
    String secretBefore = published("topic", topic, "data", "s1", "private", "on");
    String open = published("topic", topic, "data", "o1");
    String query = topics(topic) + "&lastEventID=earliest";
    try (SseCollector anonymous = subscribe(query, Map.of());
        SseCollector other = subscribe(query, Map.of("Authorization", bearer(otherReader)));
        SseCollector byQueryToken =
            subscribe(query + "&authorization=" + reader, Map.of("Cookie", "unrelated=1"));
        SseCollector byBearer = subscribe(query, Map.of("Authorization", bearer(reader)));
        SseCollector byCookie =
            subscribe(query, Map.of("Cookie", MercureCallers.COOKIE + "=" + reader))) {
      String secretLive = published("topic", topic, "data", "s2", "private", "");
      String end = published("topic", topic, "data", "end");
      for (SseCollector granted : List.of(byBearer, byCookie)) {
        assertThat(ids(granted.take(4, WAIT))).containsExactly(secretBefore, open, secretLive, end);
      }
      for (SseCollector refused : List.of(anonymous, other, byQueryToken)) {
        assertThat(ids(refused.take(2, WAIT)))
            .as("the query token is off by default")
            .containsExactly(open, end);
      }
    }
  }

  @Test
  void theLastEventIdAnswerEchoesAPrivateUpdatesIdOnlyToThoseWhoMayReadIt() throws Exception {
    String topic = iri("private");
    String reader = ItTokens.token(List.of(), List.of(topic));
    String secret =
        published("topic", topic, "data", "s", "private", "on", "id", "urn:" + UUID.randomUUID());
    String after = published("topic", topic, "data", "after");
    try (SseCollector granted =
            subscribe(
                topics(topic), Map.of("Last-Event-ID", secret, "Authorization", bearer(reader)));
        SseCollector anonymous = subscribe(topics(topic), Map.of("Last-Event-ID", secret))) {
      assertThat(granted.stream().response().headers().firstValue("Last-Event-ID"))
          .hasValue(secret);
      assertThat(anonymous.stream().response().headers().firstValue("Last-Event-ID"))
          .as("not told that the private update exists")
          .hasValue("earliest");
      assertThat(ids(granted.take(1, WAIT))).containsExactly(after);
      assertThat(ids(anonymous.take(1, WAIT))).containsExactly(after);
    }
  }

  @Test
  void thePagesCookieEndpointAlsoSetsMercuresCookieForTheHubsPathOnly() throws Exception {
    String topic = iri("cookie");
    String reader = ItTokens.token(List.of(), List.of(topic));
    HttpResponse<String> set =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "api/auth/cookie"))
                .header("Authorization", bearer(reader))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(set.statusCode()).isEqualTo(200);
    String cookie =
        set.headers().allValues("Set-Cookie").stream()
            .filter(value -> value.startsWith(MercureCallers.COOKIE + "="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).contains("Path=/.well-known/mercure", "HttpOnly", "SameSite=Strict");
    String secret = published("topic", topic, "data", "s", "private", "on");
    String value = cookie.substring(0, cookie.indexOf(';'));
    try (SseCollector stream =
        subscribe(topics(topic) + "&lastEventID=earliest", Map.of("Cookie", value))) {
      assertThat(ids(stream.take(1, WAIT))).containsExactly(secret);
    }
    HttpResponse<String> cleared =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "api/auth/cookie")).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(cleared.headers().allValues("Set-Cookie"))
        .anyMatch(
            header ->
                header.startsWith(MercureCallers.COOKIE + "=;") && header.contains("Max-Age=0"));
  }

  @Test
  void aRefusedTokenIsA401ThatSaysNothingAndAPublishBeyondItsSelectorsA403() throws Exception {
    String topic = iri("refused");
    String wrongKey =
        ItTokens.sign(
            "another-key-0123456789-0123456789-abc",
            ItTokens.claims(List.of("*"), List.of("*")).build());
    String expired =
        ItTokens.sign(
            ItTokens.claims(List.of("*"), List.of("*"))
                .expirationTime(Date.from(Instant.now().minusSeconds(300)))
                .build());
    for (String token : List.of(wrongKey, expired)) {
      HttpResponse<String> subscribe =
          HTTP.send(
              HttpRequest.newBuilder(hub(topics(topic)))
                  .header("Authorization", bearer(token))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertProblem(subscribe, 401, "The token is not valid.");
      assertThat(subscribe.headers().firstValue("WWW-Authenticate"))
          .hasValue("Bearer error=\"invalid_token\"");
      assertProblem(
          publish(Map.of("Authorization", bearer(token)), "topic", topic, "data", "x"),
          401,
          "The token is not valid.");
      assertProblem(
          publish(
              Map.of("Cookie", MercureCallers.COOKIE + "=" + token), "topic", topic, "data", "x"),
          401,
          "The token is not valid.");
    }
    String booksOnly = ItTokens.token(List.of("https://example.com/refused/{id}"), List.of());
    assertProblem(
        publish(
            Map.of("Authorization", bearer(booksOnly)),
            "topic",
            topic,
            "topic",
            "/other",
            "data",
            "x"),
        403,
        "/other");
    String cookieOk = ItTokens.token(List.of("*"), List.of());
    assertProblem(
        publish(
            Map.of("Cookie", MercureCallers.COOKIE + "=" + cookieOk), "topic", topic, "data", "x"),
        403,
        MercureCallers.COOKIE + " cookie must come from this origin");
    assertNothingPublishedTo(topic);
  }

  @Test
  void aPublisherCannotSendControlCharactersReservedTopicsOrTooManyTopics() throws Exception {
    String topic = iri("bad");
    Map<String, String> auth = Map.of("Authorization", bearer(publisher()));
    assertProblem(publish(auth, "topic", topic, "id", "a\nb"), 400, "id");
    assertProblem(publish(auth, "topic", topic, "id", "a\rb"), 400, "id");
    assertProblem(publish(auth, "topic", topic, "id", "a\0b"), 400, "id");
    assertProblem(publish(auth, "topic", topic, "type", "t\ndata: forged"), 400, "type");
    assertProblem(publish(auth, "topic", topic, "type", "t\0"), 400, "type");
    assertProblem(publish(auth, "topic", topic, "retry", "soon"), 400, "retry");
    assertProblem(publish(auth, "topic", topic, "id", "earliest"), 400, "earliest");
    assertProblem(publish(auth, "data", "no topic"), 400, "topic");
    assertProblem(publish(auth, "topic", "https://x.test/a\nb"), 400, "control");
    assertProblem(
        publish(
            auth, "topic", topic, "topic", "https://example.com/.well-known/mercure/subscriptions"),
        403,
        "/.well-known/mercure");
    List<String> many = new ArrayList<>();
    IntStream.range(0, MercureEndpoint.DEFAULT_MAX_TOPICS + 1)
        .forEach(i -> many.addAll(List.of("topic", topic + "/" + i)));
    assertProblem(publish(auth, many.toArray(String[]::new)), 400, "topics");
    HttpResponse<String> json =
        HTTP.send(
            HttpRequest.newBuilder(hub(""))
                .header("Authorization", bearer(publisher()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"" + topic + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertProblem(json, 415, "form");
    HttpResponse<String> noSelector =
        HTTP.send(HttpRequest.newBuilder(hub("")).build(), HttpResponse.BodyHandlers.ofString());
    assertProblem(noSelector, 400, "topic");
    HttpResponse<String> head =
        HTTP.send(
            HttpRequest.newBuilder(hub(topics(topic)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(405);
    assertNothingPublishedTo(topic);
  }

  @Test
  void aListedOriginGetsCorsWithCredentialsAndAnUnlistedOneCannotPublish() throws Exception {
    HttpResponse<String> preflight =
        HTTP.send(
            HttpRequest.newBuilder(hub(""))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", LISTED)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "last-event-id, authorization")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(LISTED);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
        .containsIgnoringCase("Last-Event-ID")
        .containsIgnoringCase("Authorization");
    String topic = iri("cors");
    try (SseCollector stream = subscribe(topics(topic), Map.of("Origin", LISTED))) {
      assertThat(stream.stream().response().headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue(LISTED);
      String reader = ItTokens.token(List.of("*"), List.of());
      HttpResponse<String> fromListed =
          publish(
              Map.of("Origin", LISTED, "Cookie", MercureCallers.COOKIE + "=" + reader),
              "topic",
              topic,
              "data",
              "by cookie from a listed origin");
      assertThat(fromListed.statusCode()).as(fromListed.body()).isEqualTo(200);
      assertThat(fromListed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(LISTED);
      assertThat(ids(stream.take(1, WAIT))).containsExactly(fromListed.body());
    }
    assertProblem(
        publish(
            Map.of("Origin", "http://evil.example.test", "Authorization", bearer(publisher())),
            "topic",
            topic,
            "data",
            "x"),
        403,
        "cors.origins");
  }

  @Test
  void aStreamHasHeartbeatsAndEndsWhenItsTokenExpires() throws Exception {
    String token =
        ItTokens.sign(
            ItTokens.claims(List.of(), List.of("*"))
                .expirationTime(Date.from(Instant.now().plusSeconds(3)))
                .build());
    long started = System.nanoTime();
    try (SseCollector stream =
        subscribe(topics(iri("expiry")), Map.of("Authorization", bearer(token)))) {
      assertThat(stream.next(Duration.ofSeconds(15))).as("the stream ends").isNull();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
      assertThat(stream.commentsSeen()).as("heartbeats every second meanwhile").isPositive();
    }
  }

  @Test
  void heraldsOwnApiLeavesTheMercureTopicToTheHub() throws Exception {
    HttpResponse<String> publish =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "api/topics/mercure/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertProblem(publish, 400, "/.well-known/mercure");
    HttpResponse<String> subscribe =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "api/topics/mercure/events")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertProblem(subscribe, 400, "/.well-known/mercure");
  }

  static final String SUBSCRIPTIONS = "/.well-known/mercure/subscriptions";
  static final String EVERY_SUBSCRIPTION = SUBSCRIPTIONS + "{/topic}{/subscriber}";

  static String watcher() {
    return ItTokens.token(List.of(), List.of(EVERY_SUBSCRIPTION));
  }

  static String withPayload(List<String> subscribe, Object payload) {
    Map<String, Object> mercure =
        Map.of("publish", List.of(), "subscribe", subscribe, "payload", payload);
    return ItTokens.sign(ItTokens.claims(List.of(), subscribe).claim("mercure", mercure).build());
  }

  static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  HttpResponse<String> subscriptions(String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path.substring(1))).timeout(WAIT);
    if (token != null) {
      request.header("Authorization", bearer(token));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The subscription updates among the next events whose topic selector is {@code topic}. */
  static JsonNode subscriptionUpdate(SseCollector stream, String topic) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      SseEvent event = stream.next(WAIT);
      assertThat(event).as("a subscription update for " + topic).isNotNull();
      JsonNode update = JSON.readTree(event.data());
      if (topic.equals(update.path("topic").asText())) {
        return update;
      }
    }
    throw new AssertionError("no subscription update for " + topic);
  }

  @Test
  void aSubscriptionUpdateOnConnectAndDisconnectReachesOnlyThoseWhoMaySubscribeToIt()
      throws Exception {
    String topic = iri("watched");
    String selectors = topics(EVERY_SUBSCRIPTION);
    String nosy = ItTokens.token(List.of(), List.of("https://example.com/{anything}"));
    try (SseCollector watching = subscribe(selectors, Map.of("Authorization", bearer(watcher())));
        SseCollector refused = subscribe(selectors, Map.of("Authorization", bearer(nosy)));
        SseCollector anonymous = subscribe(selectors, Map.of())) {
      Map<String, String> payload = Map.of("user", UUID.randomUUID().toString());
      JsonNode connected;
      String subscriber;
      try (SseCollector watched =
          subscribe(
              topics(topic),
              Map.of("Authorization", bearer(withPayload(List.of(topic), payload))))) {
        connected = subscriptionUpdate(watching, topic);
        subscriber = connected.path("subscriber").asText();
        assertThat(subscriber).matches("urn:uuid:[0-9a-f-]{36}");
        assertThat(connected.path("@context").asText()).isEqualTo("https://mercure.rocks/");
        assertThat(connected.path("type").asText()).isEqualTo("Subscription");
        assertThat(connected.path("id").asText())
            .isEqualTo(SUBSCRIPTIONS + "/" + encoded(topic) + "/" + encoded(subscriber));
        assertThat(connected.path("active").asBoolean()).isTrue();
        assertThat(connected.path("payload").path("user").asText()).isEqualTo(payload.get("user"));
      }
      JsonNode disconnected = subscriptionUpdate(watching, topic);
      assertThat(disconnected.path("active").asBoolean()).isFalse();
      assertThat(disconnected.path("id").asText()).isEqualTo(connected.path("id").asText());
      assertThat(disconnected.path("subscriber").asText()).isEqualTo(subscriber);
      assertThat(idsWithin(refused, QUIET))
          .as("private: not for a token without the selector")
          .isEmpty();
      assertThat(idsWithin(anonymous, Duration.ofMillis(100))).isEmpty();
    }
  }

  @Test
  void theSubscriptionsApiListsActiveSubscriptionsToATokenThatMaySubscribeToItsUrl()
      throws Exception {
    String first = iri("listed");
    String second = "urn:example:" + UUID.randomUUID();
    Map<String, String> payload = Map.of("user", UUID.randomUUID().toString());
    String token = withPayload(List.of(first), payload);
    try (SseCollector listed =
        subscribe(topics(first, second), Map.of("Authorization", bearer(token)))) {
      JsonNode all = eventuallyListing(SUBSCRIPTIONS, first);
      assertThat(all.path("@context").asText()).isEqualTo("https://mercure.rocks/");
      assertThat(all.path("id").asText()).isEqualTo(SUBSCRIPTIONS);
      assertThat(all.path("type").asText()).isEqualTo("Subscriptions");
      assertThat(all.path("lastEventID").asText()).isNotEmpty();
      JsonNode mine = entry(all, first);
      String subscriber = mine.path("subscriber").asText();
      assertThat(entry(all, second).path("subscriber").asText()).isEqualTo(subscriber);
      assertThat(mine.path("active").asBoolean()).isTrue();
      assertThat(mine.path("payload").path("user").asText()).isEqualTo(payload.get("user"));
      assertThat(mine.has("@context")).isFalse();

      String byTopic = SUBSCRIPTIONS + "/" + encoded(first);
      HttpResponse<String> forTopic = subscriptions(byTopic, watcher());
      assertThat(forTopic.statusCode()).as(forTopic.body()).isEqualTo(200);
      JsonNode topicListing = JSON.readTree(forTopic.body());
      assertThat(topicListing.path("id").asText()).isEqualTo(byTopic);
      assertThat(topicListing.path("subscriptions"))
          .extracting(node -> node.path("topic").asText())
          .containsExactly(first);

      String one = byTopic + "/" + encoded(subscriber);
      HttpResponse<String> single = subscriptions(one, watcher());
      assertThat(single.statusCode()).as(single.body()).isEqualTo(200);
      assertThat(single.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/ld+json");
      JsonNode document = JSON.readTree(single.body());
      assertThat(document.path("@context").asText()).isEqualTo("https://mercure.rocks/");
      assertThat(document.path("id").asText()).isEqualTo(one).isEqualTo(mine.path("id").asText());
      assertThat(document.path("type").asText()).isEqualTo("Subscription");
      assertThat(document.path("topic").asText()).isEqualTo(first);
      assertThat(document.path("lastEventID").asText()).isNotEmpty();

      HttpResponse<String> fromPage =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + one.substring(1)))
                  .header("Origin", LISTED)
                  .header("Authorization", bearer(watcher()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(fromPage.statusCode()).isEqualTo(200);
      assertThat(fromPage.headers().firstValue("Access-Control-Allow-Origin")).hasValue(LISTED);

      String onlyThisTopic = ItTokens.token(List.of(), List.of(byTopic + "{/subscriber}"));
      assertThat(subscriptions(byTopic, onlyThisTopic).statusCode()).isEqualTo(200);
      assertThat(subscriptions(one, onlyThisTopic).statusCode()).isEqualTo(200);
      assertProblem(subscriptions(SUBSCRIPTIONS, onlyThisTopic), 403, "mercure.subscribe");
      assertProblem(subscriptions(one, token), 403, "mercure.subscribe");
      assertProblem(subscriptions(one, null), 401, "token");
      assertProblem(subscriptions(SUBSCRIPTIONS, null), 401, "token");
      assertProblem(subscriptions(one, watcher() + "x"), 401, "The token is not valid.");
      assertProblem(
          subscriptions(byTopic + "/" + encoded("urn:uuid:" + UUID.randomUUID()), watcher()),
          404,
          "no such subscription");
      assertProblem(subscriptions(one + "/more", watcher()), 404, "no such");
    }
    String byTopic = SUBSCRIPTIONS + "/" + encoded(first);
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode left;
    do {
      Thread.sleep(100);
      left = JSON.readTree(subscriptions(byTopic, watcher()).body()).path("subscriptions");
    } while (!left.isEmpty() && System.nanoTime() < deadline);
    assertThat(left).as("gone once its stream ended").isEmpty();
  }

  @Test
  void withSubscriptionsOffThereAreNoSubscriptionUpdatesAndNoApi() throws Exception {
    try (HeraldNode node =
        HeraldNode.start(
            "mercure-subscriptions-off",
            Map.of(
                "auth.jwt.key", ItTokens.KEY,
                "auth.issuer", ItTokens.ISSUER,
                "auth.audience", ItTokens.AUDIENCE,
                "hub.heartbeat", "500"))) {
      URI hub = node.uri("/.well-known/mercure?" + topics(EVERY_SUBSCRIPTION));
      try (SseCollector watching =
              SseCollector.open(hub, Map.of("Authorization", bearer(watcher())));
          SseCollector watched =
              SseCollector.open(
                  node.uri("/.well-known/mercure?" + topics(iri("unwatched"))), Map.of())) {
        assertThat(watched.stream().response().statusCode()).isEqualTo(200);
        HttpResponse<String> api =
            HTTP.send(
                HttpRequest.newBuilder(node.uri(SUBSCRIPTIONS))
                    .header("Authorization", bearer(watcher()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(api, 404, "no such");
        assertThat(idsWithin(watching, QUIET)).isEmpty();
      }
      assertThat(node.noise()).isEmpty();
    }
  }

  private JsonNode eventuallyListing(String path, String topic) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      HttpResponse<String> answer = subscriptions(path, watcher());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/ld+json");
      JsonNode listing = JSON.readTree(answer.body());
      if (entry(listing, topic) != null || System.nanoTime() > deadline) {
        assertThat(entry(listing, topic)).as("listed: " + topic).isNotNull();
        return listing;
      }
      Thread.sleep(50);
    }
  }

  private static JsonNode entry(JsonNode listing, String topic) {
    for (JsonNode subscription : listing.path("subscriptions")) {
      if (topic.equals(subscription.path("topic").asText())) {
        return subscription;
      }
    }
    return null;
  }

  /** After a refused publish: a resume from earliest shows only a marker published next. */
  private void assertNothingPublishedTo(String topic) throws Exception {
    String marker = published("topic", topic, "data", "marker");
    try (SseCollector stream = subscribe(topics(topic) + "&lastEventID=earliest", Map.of())) {
      assertThat(ids(stream.take(1, WAIT))).containsExactly(marker);
      assertThat(idsWithin(stream, Duration.ofMillis(300))).isEmpty();
    }
  }

  private static SseEvent next(SseCollector stream, String id) throws InterruptedException {
    SseEvent event = stream.next(WAIT);
    assertThat(event).as("an update within " + WAIT).isNotNull();
    assertThat(event.id()).isEqualTo(id);
    return event;
  }

  private static List<String> ids(List<SseEvent> events) {
    return events.stream().map(SseEvent::id).toList();
  }

  private static List<String> idsWithin(SseCollector stream, Duration quiet)
      throws InterruptedException {
    Map<String, SseEvent> seen = new LinkedHashMap<>();
    SseEvent event;
    while ((event = stream.next(quiet)) != null) {
      seen.put(event.id(), event);
    }
    return List.copyOf(seen.keySet());
  }
}
