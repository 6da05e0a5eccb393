package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.HeraldNode;
import dev.herald.testing.RedisServer;
import dev.herald.testing.SseCollector;
import dev.herald.testing.SseEvent;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Herald nodes on real servers (the server of this failsafe execution) sharing one real Redis:
 * delivery and order across nodes, resuming on the other node, a node killed, Redis frozen and
 * Redis restarted without its data, a restart that keeps the history.
 */
class ClusterIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private static final Duration WAIT = Duration.ofSeconds(15);

  /** Herald's notes of the outages this test makes. */
  private static final String EXPECTED_WARNINGS =
      "Redis at .* (is unreachable|lost Herald's events)";

  private static RedisServer redis;
  private static HeraldNode one;
  private static HeraldNode two;
  private static int topics;
  private final List<SseCollector> streams = new ArrayList<>();
  private String topic;

  @BeforeAll
  static void startCluster() throws Exception {
    redis = RedisServer.start();
    Map<String, String> settings =
        Map.of("redis.url", redis.url(), "redis.timeout", "1000", "hub.heartbeat", "500");
    one = HeraldNode.start("one", settings);
    two = HeraldNode.start("two", settings);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    List<String> noise = new ArrayList<>();
    for (HeraldNode node : List.of(one, two)) {
      if (node != null) {
        node.close();
        node.noise().stream()
            .filter(line -> !line.matches(".*(" + EXPECTED_WARNINGS + ").*"))
            .forEach(noise::add);
      }
    }
    if (redis != null) {
      redis.close();
    }
    assertThat(noise).as("the nodes' logs hold no warning but Redis's outages").isEmpty();
  }

  @BeforeEach
  void newTopic() {
    topic = "cluster-" + ++topics;
  }

  @AfterEach
  void closeStreams() throws IOException {
    for (SseCollector stream : streams) {
      stream.close();
    }
  }

  @Test
  void anEventPublishedOnEitherNodeReachesBothInOneOrder() throws Exception {
    String other = topic + "-b";
    SseCollector onOne = subscribe(one, "/api/events?topic=" + topic + "&topic=" + other, null);
    SseCollector onTwo = subscribe(two, "/api/events?topic=" + topic + "&topic=" + other, null);
    List<String> acknowledged = publishConcurrently(List.of(topic, other), 100);
    List<String> first = ids(onOne.take(100, WAIT));
    List<String> second = ids(onTwo.take(100, WAIT));
    assertThat(first).as("both nodes, one order").isEqualTo(second);
    assertThat(first).containsExactlyInAnyOrderElementsOf(acknowledged);
    assertThat(onOne.stream().response().headers().firstValue("Herald-Node")).hasValue("one");
    assertThat(onTwo.stream().response().headers().firstValue("Herald-Node")).hasValue("two");
  }

  @Test
  void mercureUpdatesReachBothNodesInOneOrderAndResumeOnTheOtherNode() throws Exception {
    String query =
        "/.well-known/mercure?topic="
            + URLEncoder.encode("https://example.com/" + topic + "/{id}", StandardCharsets.UTF_8);
    SseCollector onOne = subscribe(one, query, null);
    SseCollector onTwo = subscribe(two, query, null);
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      HeraldNode node = i % 2 == 0 ? one : two;
      String form =
          "topic="
              + URLEncoder.encode("https://example.com/" + topic + "/" + i, StandardCharsets.UTF_8)
              + "&data=n"
              + i
              + "&id=urn:"
              + topic
              + ":"
              + i;
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(node.uri("/.well-known/mercure"))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.ofString(form))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      acknowledged.add(answer.body());
    }
    assertThat(ids(onOne.take(10, WAIT))).isEqualTo(acknowledged);
    assertThat(ids(onTwo.take(10, WAIT))).isEqualTo(acknowledged);
    SseCollector resumed = subscribe(two, query, acknowledged.get(4));
    assertThat(resumed.stream().response().headers().firstValue("Last-Event-ID"))
        .hasValue(acknowledged.get(4));
    assertThat(ids(resumed.take(5, WAIT))).isEqualTo(acknowledged.subList(5, 10));
  }

  @Test
  void aClientResumesOnTheOtherNodeWithoutAGapWhilePublishersGoOn() throws Exception {
    SseCollector first = subscribe(one, "/api/topics/" + topic + "/events", null);
    List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    acknowledged.addAll(publishConcurrently(List.of(topic), 20));
    List<String> seen = new ArrayList<>(ids(first.take(20, WAIT)));
    first.close();
    acknowledged.addAll(publishConcurrently(List.of(topic), 30));
    SseCollector resumed =
        subscribe(two, "/api/topics/" + topic + "/events", seen.get(seen.size() - 1));
    seen.addAll(ids(resumed.take(30, WAIT)));
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(acknowledged);
    assertInLogOrder(seen);
    assertThat(resumed.next(Duration.ofMillis(300))).as("nothing more").isNull();
  }

  @Test
  void whenANodeIsKilledItsClientsResumeOnTheOtherAndLoseNothingAcknowledged() throws Exception {
    SseCollector onOne = subscribe(one, "/api/topics/" + topic + "/events", null);
    List<String> acknowledged = new ArrayList<>(publishConcurrently(List.of(topic), 10));
    List<String> seen = new ArrayList<>(ids(onOne.take(10, WAIT)));
    one.kill();
    try {
      for (int i = 0; i < 10; i++) {
        acknowledged.add(publish(two, topic, "after-kill-" + i));
      }
      SseCollector onTwo =
          subscribe(two, "/api/topics/" + topic + "/events", seen.get(seen.size() - 1));
      seen.addAll(ids(onTwo.take(10, WAIT)));
      assertThat(seen).containsExactlyInAnyOrderElementsOf(acknowledged);
      assertInLogOrder(seen);
    } finally {
      one.restart();
    }
  }

  @Test
  void aFrozenRedisGets503sStreamsWaitAndCatchUpInOrder() throws Exception {
    SseCollector open = subscribe(one, "/api/topics/" + topic + "/events", null);
    String before = publish(two, topic, "before");
    assertThat(open.next(WAIT).id()).isEqualTo(before);
    redis.freeze();
    SseCollector during;
    try {
      long started = System.nanoTime();
      HttpResponse<String> refused = post(two, topic, "{\"data\":\"frozen\"}");
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
      awaitStatus(one, "/api/health/ready", 503);
      during = subscribe(one, "/api/topics/" + topic + "/events", before);
      assertThat(during.stream().response().statusCode()).isEqualTo(200);
      int comments = open.commentsSeen();
      awaitCondition(() -> open.commentsSeen() > comments);
    } finally {
      redis.thaw();
    }
    awaitStatus(two, "/api/health/ready", 200);
    String after = publish(two, topic, "after");
    assertThat(open.next(WAIT).id()).isEqualTo(after);
    assertThat(during.next(WAIT).id()).as("the replay came once Redis was back").isEqualTo(after);
  }

  @Test
  void aRedisRestartedWithoutItsDataIsAnnouncedWithAResetThenStreamsGoOn() throws Exception {
    SseCollector open = subscribe(one, "/api/topics/" + topic + "/events", null);
    String before = publish(two, topic, "before");
    assertThat(open.next(WAIT).id()).isEqualTo(before);
    redis.restartEmpty();
    SseEvent reset = open.next(WAIT);
    assertThat(reset).isNotNull();
    assertThat(reset.type()).isEqualTo("herald-reset");
    assertThat(JSON.readTree(reset.data()).get("reason").asText()).isEqualTo("lost");
    awaitStatus(two, "/api/health/ready", 200);
    String after = publish(two, topic, "after");
    assertThat(open.next(WAIT).id()).isEqualTo(after);
    SseCollector resumedFromBefore = subscribe(two, "/api/topics/" + topic + "/events", before);
    SseEvent told = resumedFromBefore.next(WAIT);
    assertThat(told.type()).isEqualTo("herald-reset");
    assertThat(JSON.readTree(told.data()).get("reason").asText()).isEqualTo("lost");
    assertThat(resumedFromBefore.next(WAIT).id()).isEqualTo(after);
  }

  @Test
  void aHeraldRestartKeepsTheHistoryAndItsOrder() throws Exception {
    String first = publish(one, topic, "first");
    String second = publish(two, topic, "second");
    two.restart();
    String third = publish(two, topic, "third");
    SseCollector resumed = subscribe(two, "/api/topics/" + topic + "/events", first);
    assertThat(ids(resumed.take(2, WAIT))).containsExactly(second, third);
  }

  @Test
  void topicsShowEveryNodesSubscribersAndThisNodesShare() throws Exception {
    publish(one, topic, "x");
    subscribe(one, "/api/topics/" + topic + "/events", null);
    awaitCondition(() -> topicInfo(two).get("subscribers").asInt() == 1);
    assertThat(topicInfo(two).get("nodeSubscribers").asInt()).isZero();
    assertThat(topicInfo(one).get("nodeSubscribers").asInt()).isEqualTo(1);
    assertThat(topicInfo(two).get("retained").asInt()).isEqualTo(1);
  }

  private JsonNode topicInfo(HeraldNode node) {
    try {
      return JSON.readTree(
          HTTP.send(
                  HttpRequest.newBuilder(node.uri("/api/topics/" + topic)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body());
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private SseCollector subscribe(HeraldNode node, String path, String lastEventId)
      throws IOException {
    SseCollector stream =
        SseCollector.open(
            node.uri(path), lastEventId == null ? Map.of() : Map.of("Last-Event-ID", lastEventId));
    streams.add(stream);
    assertThat(stream.stream().response().statusCode()).isEqualTo(200);
    return stream;
  }

  /** Publishes {@code count} events spread over the topics, half on each node, from 4 threads. */
  private List<String> publishConcurrently(List<String> topicsToUse, int count) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicInteger n = new AtomicInteger();
    try {
      List<Future<String>> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int k = i;
        ids.add(
            pool.submit(
                () ->
                    publish(
                        k % 2 == 0 ? one : two,
                        topicsToUse.get(k % topicsToUse.size()),
                        "n" + n.incrementAndGet())));
      }
      List<String> acknowledged = new ArrayList<>();
      for (Future<String> id : ids) {
        acknowledged.add(id.get());
      }
      return acknowledged;
    } finally {
      pool.shutdownNow();
    }
  }

  private static String publish(HeraldNode node, String topic, String data) throws Exception {
    HttpResponse<String> response = post(node, topic, "{\"data\":\"" + data + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return JSON.readTree(response.body()).get("id").asText();
  }

  private static HttpResponse<String> post(HeraldNode node, String topic, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(node.uri("/api/topics/" + topic + "/events"))
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The log numbers the ids it makes in the order events were appended. */
  private static void assertInLogOrder(List<String> ids) {
    List<Long> seqs =
        ids.stream().map(id -> Long.parseLong(id.substring(0, id.indexOf('-')))).toList();
    assertThat(seqs).isSorted();
  }

  private static List<String> ids(List<SseEvent> events) {
    return events.stream().map(SseEvent::id).toList();
  }

  private static void awaitStatus(HeraldNode node, String path, int status)
      throws InterruptedException {
    awaitCondition(() -> node.status(path) == status);
  }

  private static void awaitCondition(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      Thread.sleep(50);
    }
  }
}
