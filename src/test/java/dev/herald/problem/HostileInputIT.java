package dev.herald.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.RawHttp;
import dev.herald.testing.ShippedWar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Seeded, bounded fuzzing of every endpoint that reads input: hostile requests written byte for
 * byte over raw sockets (bodies, headers, paths, query strings, methods, media types, encodings,
 * framing, sizes). Every answer must be a client error in Herald's shape, or the container's short
 * answer for what it refuses before Herald; the server must keep answering; and a subscriber open
 * throughout must see exactly the events that were accepted, with no field that was not published.
 * The seed is printed; {@code -Dherald.fuzz.seed=N} replays a run, {@code -Dherald.fuzz.requests=N}
 * changes how many requests are sent (within a time bound either way).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HostileInputIT {

  private static final boolean TOMCAT = "tomcat".equals(System.getProperty("arquillian.launch"));
  private static final long SEED = Long.getLong("herald.fuzz.seed", System.nanoTime());
  private static final int REQUESTS = Integer.getInteger("herald.fuzz.requests", 600);
  private static final Duration BUDGET = Duration.ofSeconds(35);
  private static final String TOPIC = "fuzz";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** Tomcat's JsonErrorReportValve without its report (src/main/tomcat/server.xml). */
  private static final Pattern CONTAINER_JSON =
      Pattern.compile("\\{\\s*\"status\":\\s*\\d{3}\\s*}");

  private static final Pattern SSE_LINE =
      Pattern.compile("(id: |event: |data: |retry: |:).*|", Pattern.DOTALL);

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource URL base;

  private Random random;

  @Test
  void everyHostileRequestIsAClientErrorAndNoSubscriberSeesWhatWasNotPublished() throws Exception {
    System.out.printf("HostileInputIT seed %d (replay with -Dherald.fuzz.seed=%d)%n", SEED, SEED);
    random = new Random(SEED);
    Map<String, String> accepted = new LinkedHashMap<>();
    try (RawSubscriber subscriber = RawSubscriber.open(base.getHost(), base.getPort(), TOPIC)) {
      // the hub writes the retry hint once the stream is subscribed
      subscriber.until("retry: ", Duration.ofSeconds(10));
      accepted.put(
          publish("{\"data\":{\"n\":1e999999,\"d\":100.0}}"), "{\"n\":1e999999,\"d\":100.0}");
      long deadline = System.nanoTime() + BUDGET.toNanos();
      int sent = 0;
      Map<String, Integer> statuses = new java.util.TreeMap<>();
      for (; sent < REQUESTS && System.nanoTime() < deadline; sent++) {
        Probe probe = next();
        RawHttp.Answer answer =
            RawHttp.exchange(base.getHost(), base.getPort(), probe.raw(), 10_000);
        check(probe, answer);
        statuses.merge(answer.status() + (answer.stream() ? " stream" : ""), 1, Integer::sum);
        if (probe.publishesTo(TOPIC) && answer.status() == 201) {
          accepted.put(JSON.readTree(answer.body()).get("id").asText(), null);
        }
      }
      System.out.printf("HostileInputIT sent %d requests, answers %s%n", sent, statuses);
      assertThat(sent).as("requests within the time bound").isGreaterThan(50);
      assertThat(HTTP.send(get("api/health"), HttpResponse.BodyHandlers.ofString()).statusCode())
          .as("the server keeps answering")
          .isEqualTo(200);
      String last = publish("{\"data\":\"last\",\"type\":\"end\"}");
      accepted.put(last, "\"last\"");
      String stream = subscriber.until("id: " + last + "\n", Duration.ofSeconds(15));
      assertExactly(stream, accepted);
    }
    awaitNoSubscribers();
  }

  /** Each answer issue 19 found wrong, as it must be now: status on Tomcat, then on Payara. */
  @Test
  void theCasesIssue19FoundAreClientErrorsInHeraldsShape() throws IOException {
    random = new Random(SEED);
    String echo =
        "{\"model\":\"herald-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    String publish = "/api/topics/fixed/events";
    List<Object[]> cases =
        List.of(
            fixed(400, 400, post(publish, "application/json; q=abc", "*/*", "{\"data\":1}")),
            fixed(400, 400, post("/api/chat/completions", "application/json; q=abc", null, echo)),
            fixed(406, 406, post("/api/chat/completions", "application/json", "text/html", echo)),
            fixed(
                406,
                406,
                post("/api/chat/completions", "application/json", "text/event-stream", echo)),
            fixed(
                406,
                406,
                post("/api/chat/completions", "application/json", "application/xml", echo)),
            fixed(400, 400, post(publish, "a/b/c", null, "{\"data\":1}")),
            fixed(400, 400, post(publish, "application/json", "///", "{\"data\":1}")),
            fixed(415, 415, post(publish, null, null, "hello")),
            fixed(400, 400, post(publish, "text/plain", null, new byte[] {'a', (byte) 0xC3, 'b'})),
            fixed(
                400,
                400,
                post(publish, "application/json", null, "{\"data\":1,\"id\":\"a\\ud800\"}")),
            fixed(
                400,
                400,
                post(publish, "application/json", null, "{\"data\":1,\"type\":\"\\udc00\"}")),
            fixed(400, 400, post(publish, "application/json", null, "{\"data\":\"\\ud800\"}")),
            fixed(
                400,
                400,
                raw(
                    "POST "
                        + publish
                        + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"dat\r\nZZ\r\n0\r\n\r\n")),
            fixed(400, 400, get("/api/topics/a%2Fb/events", "")),
            fixed(400, 400, get("/api/topics/a%00b", "")),
            // Payara answers a bad escape 200 with an empty body (README, Known limits)
            fixed(400, 200, get("/api/topics/a%zzb", "")),
            fixed(400, 400, get("/api/health", "X-Big: " + "a".repeat(20_000) + "\r\n")),
            fixed(400, 400, get("/api/topics/fixed/events", "Last-Event-ID: a\u0001b\r\n")),
            fixed(
                405,
                405,
                raw("TRACE /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
    for (Object[] known : cases) {
      Probe probe = (Probe) known[2];
      RawHttp.Answer answer = RawHttp.exchange(base.getHost(), base.getPort(), probe.raw(), 10_000);
      check(probe, answer);
      assertThat(answer.status()).as(probe.label()).isEqualTo(TOMCAT ? known[0] : known[1]);
    }
  }

  private static Object[] fixed(int onTomcat, int onPayara, Probe probe) {
    return new Object[] {onTomcat, onPayara, probe};
  }

  private Probe post(String path, String contentType, String accept, String body) {
    return post(path, contentType, accept, body.getBytes(StandardCharsets.UTF_8));
  }

  private Probe post(String path, String contentType, String accept, byte[] body) {
    return raw(
        "POST "
            + path
            + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            + headers(contentType, accept)
            + "Content-Length: "
            + body.length
            + "\r\n\r\n",
        body);
  }

  private Probe get(String path, String head) {
    return raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + head + "\r\n");
  }

  private static Probe raw(String head, byte... body) {
    String[] line = head.split(" ", 3);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return new Probe(
        abbreviate(head.replace("\r\n", " | "))
            + " "
            + abbreviate(new String(body, StandardCharsets.ISO_8859_1)),
        line[0],
        line[1],
        out.toByteArray());
  }

  // ---- what every answer must be ----

  private void check(Probe probe, RawHttp.Answer answer) throws IOException {
    String what = probe.label() + " [seed " + SEED + "]";
    assertThat(answer.failure()).as("an answer to " + what).isNull();
    assertThat(answer.status()).as("status of " + what).isBetween(100, 499);
    String body = answer.text();
    assertThat(body)
        .as("body of " + what)
        .doesNotContain("at dev.herald", "Exception", "Tomcat", "Payara", "Apache")
        .doesNotContainIgnoringCase("<html")
        .doesNotContainIgnoringCase("<!doctype");
    String server = answer.header("server");
    assertThat(server == null || !server.matches(".*\\d.*")).as("Server of " + what).isTrue();
    assertThat(answer.header("x-powered-by")).as("X-Powered-By of " + what).isNull();
    if (answer.header("content-security-policy") == null) {
      // refused by the container before Herald ran: its short JSON (Tomcat) or an empty body
      // (Payara's Grizzly, README), never a page
      assertThat(body.isEmpty() || CONTAINER_JSON.matcher(body).matches())
          .as("container's answer to " + what + ": " + body)
          .isTrue();
      return;
    }
    assertThat(answer.header("x-content-type-options")).as(what).isEqualTo("nosniff");
    if (answer.status() < 400 || answer.stream()) {
      return;
    }
    if (body.isEmpty()) {
      // Payara answers a body its Grizzly could not read (a bad chunk) with an empty 400
      assertThat(TOMCAT).as("an empty error from Tomcat for " + what).isFalse();
      return;
    }
    JsonNode json = JSON.readTree(body);
    String type = answer.header("content-type");
    if (probe.path().startsWith("/api/chat/") || probe.path().startsWith("/api/models")) {
      assertThat(type).as("type of " + what).startsWith("application/json");
      assertThat(json.path("error").path("message").isTextual()).as(what + ": " + body).isTrue();
    } else {
      assertThat(type).as("type of " + what).startsWith(Problem.MEDIA_TYPE);
      assertThat(json.path("status").asInt()).as(what + ": " + body).isEqualTo(answer.status());
    }
  }

  /** The stream has only known fields, and exactly the accepted events, in order. */
  private static void assertExactly(String stream, Map<String, String> accepted) {
    List<String> ids = new ArrayList<>();
    String id = null;
    StringBuilder data = null;
    assertThat(stream).as("no CR: every line ends with LF").doesNotContain("\r");
    for (String line : stream.split("\n", -1)) {
      assertThat(SSE_LINE.matcher(line).matches()).as("an SSE line: " + line).isTrue();
      if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("data: ")) {
        data =
            data == null
                ? new StringBuilder(line.substring(6))
                : data.append('\n').append(line.substring(6));
      } else if (line.isEmpty() && data != null) {
        assertThat(accepted).as("an accepted event's id").containsKey(id);
        if (accepted.get(id) != null) {
          assertThat(data.toString()).as("data of " + id).isEqualTo(accepted.get(id));
        }
        ids.add(id);
        id = null;
        data = null;
      }
    }
    assertThat(ids)
        .as("every accepted event, once, in order")
        .containsExactlyElementsOf(accepted.keySet());
  }

  // ---- hostile requests ----

  record Probe(String label, String method, String path, byte[] raw) {
    boolean publishesTo(String topic) {
      return method.equals("POST") && path.equals("/api/topics/" + topic + "/events");
    }
  }

  private final List<Supplier<Probe>> kinds =
      List.of(
          this::publishJson,
          this::publishJson,
          this::publishText,
          this::subscribe,
          this::subscribeMany,
          this::clock,
          this::chat,
          this::chat,
          this::anyEndpoint,
          this::hostilePath,
          this::hostileHead);

  private Probe next() {
    return kinds.get(random.nextInt(kinds.size())).get();
  }

  private Probe publishJson() {
    String body =
        switch (random.nextInt(8)) {
          case 0 -> "{\"data\":" + value(3) + "}";
          case 1 -> "{\"data\":" + value(2) + ",\"type\":" + field() + ",\"id\":" + field() + "}";
          case 2 -> truncate("{\"data\":" + value(3) + ",\"type\":\"t\"}");
          case 3 -> "{\"data\":" + "[".repeat(900 + random.nextInt(2000)) + "]".repeat(900);
          case 4 -> "{\"data\":\"" + "x".repeat(66_000) + "\"}";
          case 5 -> "{\"data\":1}" + pick(" {}", "]", "x", "\u0000", "");
          case 6 ->
              "{\"data\":" + pick("NaN", "01", "1.", ".5", "1e", "'a'", "Infinity", "-") + "}";
          default -> new String(randomBytes(40), StandardCharsets.ISO_8859_1);
        };
    return request(
        "POST",
        "/api/topics/" + topic() + "/events",
        headers(contentType(), accept()),
        body.getBytes(
            random.nextInt(6) == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
  }

  private Probe publishText() {
    byte[] body =
        switch (random.nextInt(5)) {
          case 0 ->
              ("line\r\nid: forged\r\nevent: forged\n\ndata: x\rretry: 1")
                  .getBytes(StandardCharsets.UTF_8);
          case 1 -> new byte[] {'a', (byte) 0xC3, 'b', (byte) 0xED, (byte) 0xA0, (byte) 0x80};
          case 2 -> randomBytes(200);
          case 3 -> new byte[0];
          default -> "漢字 🎉\u0000\u2028".getBytes(StandardCharsets.UTF_8);
        };
    String query =
        pick("", "?type=" + urlPiece(), "?id=" + urlPiece(), "?id=123", "?type=a&id=" + urlPiece());
    return request(
        "POST",
        "/api/topics/" + topic() + "/events" + query,
        headers(
            pick(
                "text/plain",
                "text/plain; charset=UTF-16LE",
                "text/plain; charset=x-bogus",
                "text/plain; charset=\"utf-8",
                contentType()),
            accept()),
        body);
  }

  private Probe subscribe() {
    String header =
        pick(
            "",
            "Last-Event-ID: "
                + pick("1", "999999999999", "abc", "a\u0001b", "x".repeat(300), "é")
                + "\r\n");
    return request(
        "GET",
        "/api/topics/"
            + pick(topic(), "other")
            + "/events"
            + pick("", "?lastEventId=" + urlPiece()),
        header + headers(null, pick("text/event-stream", accept())),
        null);
  }

  private Probe subscribeMany() {
    StringBuilder query = new StringBuilder("?");
    int n = random.nextInt(20);
    for (int i = 0; i < n; i++) {
      query.append("topic=").append(random.nextInt(4) == 0 ? urlPiece() : "t" + i).append('&');
    }
    return request("GET", "/api/events" + query, headers(null, accept()), null);
  }

  private Probe clock() {
    String number =
        pick(
            "",
            "1",
            "-1",
            "0",
            "1e3",
            "99999999999",
            "0x10",
            "%00",
            "%zz",
            "1000",
            "50",
            "%E6%BC%A2");
    return request(
        "GET",
        "/api/clock?count=" + number + "&interval=" + pick("50", "", "-5", "1.5", number),
        pick("", "Last-Event-ID: " + pick("5", "-1", "x", "99999999999999999999") + "\r\n")
            + headers(null, pick("text/event-stream", accept())),
        null);
  }

  private Probe chat() {
    String body =
        switch (random.nextInt(7)) {
          case 0 ->
              "{\"model\":\"herald-echo\",\"stream\":"
                  + pick("false", "true", "\"yes\"", "1")
                  + ",\"messages\":[{\"role\":\"user\",\"content\":"
                  + value(2)
                  + "}]}";
          case 1 -> "{\"model\":" + value(1) + ",\"messages\":" + value(2) + "}";
          case 2 ->
              "{\"model\":\"herald-echo\",\"messages\":[{\"role\":"
                  + pick("\"root\"", "1", "null")
                  + ",\"content\":\"x\"}],\"max_tokens\":"
                  + pick("0", "-1", "1e99", "\"5\"", "2.5")
                  + "}";
          case 3 ->
              truncate(
                  "{\"model\":\"herald-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
          case 4 -> "x".repeat(270_000);
          case 5 ->
              "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"\\ud800\"}]}";
          default -> new String(randomBytes(60), StandardCharsets.ISO_8859_1);
        };
    return request(
        pick("POST", "POST", "POST", "GET", "PUT"),
        "/api/chat/completions",
        headers(contentType(), accept()),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private Probe anyEndpoint() {
    String path =
        pick(
            "/api/health",
            "/api/health/live",
            "/api/health/ready",
            "/api/metrics",
            "/api/models",
            "/api/topics",
            "/api/topics/" + topic(),
            "/api",
            "/api/",
            "/api/nothing");
    String method =
        pick("GET", "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "G@T");
    byte[] body =
        method.equals("GET") || method.equals("OPTIONS")
            ? null
            : value(2).getBytes(StandardCharsets.UTF_8);
    return request(
        method,
        path + pick("", "?" + urlPiece(), "?a=%zz", "?%00=1"),
        headers(contentType(), accept()),
        body);
  }

  private Probe hostilePath() {
    String path =
        pick(
            "/api/topics/a%2Fb/events",
            "/api/topics/a%00b",
            "/api/topics/a%zzb",
            "/api/topics/%ED%A0%80",
            "/api/topics/" + "x".repeat(65),
            "/api/topics/..%2F..%2Fetc",
            "/api/../WEB-INF/web.xml",
            "/WEB-INF/web.xml",
            "/api/topics/%E6%BC%A2",
            "/api/chat/completions%00",
            "/api/chat/%2e%2e/models",
            "/" + "a".repeat(random.nextInt(9000)),
            "/api;jsessionid=x/health",
            "/api/topics/;/events");
    return request(pick("GET", "POST"), path, headers(null, accept()), null);
  }

  private Probe hostileHead() {
    String head =
        switch (random.nextInt(6)) {
          case 0 -> "X-Big: " + "a".repeat(9000 + random.nextInt(8000)) + "\r\n";
          case 1 -> "Last-Event-ID: a\u0001\u007fb\r\n";
          case 2 -> "Content-Length: " + pick("abc", "-1", "1, 2", "99999999999999999999") + "\r\n";
          case 3 -> "X-A: 1\r\n folded: 2\r\n";
          case 4 -> "NoColon\r\n";
          default -> "X-Many: 1\r\n".repeat(120);
        };
    return request(
        pick("GET", "POST"),
        pick("/api/health", "/api/topics/" + TOPIC + "/events", "/api/chat/completions"),
        head,
        null);
  }

  /** With a valid Content-Length, valid chunks, or broken chunks. */
  private Probe request(String method, String path, String head, byte[] body) {
    StringBuilder text = new StringBuilder();
    text.append(method)
        .append(' ')
        .append(path)
        .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n")
        .append(head);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String framing = "none";
    if (body != null) {
      int how = random.nextInt(6);
      if (how == 0) {
        framing = "chunked";
        text.append("Transfer-Encoding: chunked\r\n\r\n");
        out.writeBytes(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(
            (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        out.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      } else if (how == 1) {
        String broken =
            pick(
                "zz\r\n",
                "-1\r\n",
                "3\r\nabcde\r\n0\r\n\r\n",
                // Payara's Grizzly reads past a chunk without its CRLF and waits for more (README)
                TOMCAT ? "5\r\nabcde0\r\n\r\n" : "5\r\nabcde\r\nq\r\n\r\n",
                "5;\u0001\r\nabcde\r\n0\r\n\r\n");
        framing = "broken chunks " + abbreviate(broken);
        text.append("Transfer-Encoding: chunked\r\n\r\n");
        out.writeBytes(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(broken.getBytes(StandardCharsets.US_ASCII));
      } else {
        framing = "length";
        text.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.writeBytes(text.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
      }
    } else {
      text.append("\r\n");
      out.writeBytes(text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
    String label =
        method
            + " "
            + abbreviate(path)
            + " ("
            + framing
            + ", head "
            + abbreviate(head.replace("\r\n", " | "))
            + ", body "
            + (body == null ? "none" : abbreviate(new String(body, StandardCharsets.ISO_8859_1)))
            + ")";
    int query = path.indexOf('?');
    return new Probe(label, method, query < 0 ? path : path.substring(0, query), out.toByteArray());
  }

  private String headers(String contentType, String accept) {
    return (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + (accept == null ? "" : "Accept: " + accept + "\r\n");
  }

  private String contentType() {
    return pick(
        "application/json",
        "application/json",
        "application/json; charset=utf-8",
        "application/json; q=abc",
        "application/json; charset=utf-16",
        "application/json;;;",
        "text/plain",
        "a/b/c",
        "*/*",
        "",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=",
        "application/" + "x".repeat(300),
        null);
  }

  private String accept() {
    return pick(
        null,
        "*/*",
        "application/json",
        "text/html",
        "///",
        "application/json; q=abc",
        "text/event-stream",
        "application/xml",
        "text/*;q=0, */*;q=0",
        ";");
  }

  private String topic() {
    return random.nextInt(3) == 0 ? urlPiece() : TOPIC;
  }

  private String field() {
    return pick(
        "\"ok-" + random.nextInt(1_000_000) + "\"",
        "\"a\\nid: forged\"",
        "\"a\\r\\nevent: forged\"",
        "\"\\u0000\"",
        "\"\\ud800\"",
        "\"\\udc00x\"",
        "\"" + "x".repeat(257) + "\"",
        "\"12345\"",
        "\"\"",
        "7",
        "null",
        "[]");
  }

  private String value(int depth) {
    int kind = random.nextInt(depth <= 0 ? 4 : 6);
    return switch (kind) {
      case 0 ->
          pick(
              "1e999999",
              "-1E-999999",
              "100.0",
              "0.1000000000000000055511151231257827",
              "123456789012345678901234567890",
              "-0",
              "1.50",
              "7");
      case 1 ->
          pick(
              "\"plain\"",
              "\"a\\nb\\rc\"",
              "\"\\ud800\"",
              "\"漢字 🎉\"",
              "\"\\u0000\\u2028\"",
              "\"id: x\\n\\ndata: y\"",
              "\"\\\"\"");
      case 2 -> pick("true", "false", "null");
      case 3 -> pick("{}", "[]", "\"\"");
      case 4 -> "[" + value(depth - 1) + "," + value(depth - 1) + "]";
      default -> "{\"k\":" + value(depth - 1) + ",\"\\ud83c\\udf89\":" + value(depth - 1) + "}";
    };
  }

  private String urlPiece() {
    return pick(
        "%00",
        "%0A",
        "%0D%0Aid:%20x",
        "%zz",
        "%ED%A0%80",
        "%E6%BC%A2",
        "a%2Fb",
        "..",
        "x".repeat(70),
        "-lead",
        "ok." + random.nextInt(1000),
        "%C3",
        "%25",
        "a+b",
        "%FF%FE");
  }

  private String truncate(String text) {
    return text.substring(0, random.nextInt(text.length()));
  }

  private byte[] randomBytes(int max) {
    byte[] bytes = new byte[random.nextInt(max + 1)];
    random.nextBytes(bytes);
    return bytes;
  }

  @SafeVarargs
  private <T> T pick(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static String abbreviate(String text) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "…(" + text.length() + ")" : text;
    StringBuilder visible = new StringBuilder();
    shown
        .codePoints()
        .forEach(
            c ->
                visible.append(
                    c < 0x20 || c == 0x7f ? String.format("\\x%02x", c) : Character.toString(c)));
    return visible.toString();
  }

  // ---- the well-behaved side ----

  private String publish(String json) throws Exception {
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "api/topics/" + TOPIC + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
    return JSON.readTree(answer.body()).get("id").asText();
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(10))
        .GET()
        .build();
  }

  /**
   * Streams closed by the fuzzing are noticed at the next heartbeat; the undeploy waits for none.
   */
  private void awaitNoSubscribers() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode topics =
          JSON.readTree(HTTP.send(get("api/topics"), HttpResponse.BodyHandlers.ofString()).body());
      if (topics.findValues("subscribers").stream().allMatch(count -> count.asInt() == 0)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("streams still open after the fuzzing");
  }

  /** A subscriber on a raw socket: every byte of its stream, as it came. */
  static final class RawSubscriber implements AutoCloseable {
    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final Thread reader;

    private RawSubscriber(Socket socket) {
      this.socket = socket;
      this.reader = new Thread(this::read, "fuzz-subscriber");
      reader.setDaemon(true);
      reader.start();
    }

    static RawSubscriber open(String host, int port, String topic) throws IOException {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress(host, port), 5000);
      socket
          .getOutputStream()
          .write(
              ("GET /api/topics/"
                      + topic
                      + "/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new RawSubscriber(socket);
    }

    private void read() {
      byte[] buffer = new byte[8192];
      try {
        InputStream in = socket.getInputStream();
        int n;
        while ((n = in.read(buffer)) != -1) {
          synchronized (received) {
            received.write(buffer, 0, n);
            received.notifyAll();
          }
        }
      } catch (IOException closed) {
        // the test closed the socket
      }
    }

    /** The stream's events (after its head, de-chunked) once {@code marker} has arrived. */
    String until(String marker, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      synchronized (received) {
        while (true) {
          RawHttp.Answer answer = RawHttp.parse(received.toByteArray());
          String text = answer.text();
          int at = text.indexOf(marker);
          int end = at < 0 ? -1 : text.indexOf("\n\n", at);
          if (end >= 0) {
            assertThat(answer.status()).isEqualTo(200);
            return text.substring(0, end + 2);
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("the subscriber did not get " + marker.trim() + ": " + text);
          }
          received.wait(Math.max(1, left / 1_000_000));
        }
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
