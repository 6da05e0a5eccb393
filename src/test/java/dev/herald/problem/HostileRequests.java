package dev.herald.problem;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Hostile requests for {@link HostileInputIT}, written byte for byte and drawn from one seeded
 * {@link Random}, so a seed replays a run exactly: every endpoint that reads input, with bodies,
 * headers, paths, query strings, methods, media types, charsets, chunked framing and sizes that a
 * client may send and no well-behaved client would.
 */
final class HostileRequests {

  private final Random random;
  private final boolean tomcat;
  private final String topic;

  /** {@code topic}: where the well-formed publishes go, which a subscriber watches. */
  HostileRequests(long seed, boolean tomcat, String topic) {
    this.random = new Random(seed);
    this.tomcat = tomcat;
    this.topic = topic;
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

  Probe next() {
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
        "/api/topics/" + anyTopic() + "/events",
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
        "/api/topics/" + anyTopic() + "/events" + query,
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
            + pick(anyTopic(), "other")
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
            "/api/topics/" + anyTopic(),
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
        pick("/api/health", "/api/topics/" + topic + "/events", "/api/chat/completions"),
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
                // Payara's Grizzly reads past a chunk without its CRLF and waits for more
                // (ERRORS.md)
                tomcat ? "5\r\nabcde0\r\n\r\n" : "5\r\nabcde\r\nq\r\n\r\n",
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

  private String anyTopic() {
    return random.nextInt(3) == 0 ? urlPiece() : topic;
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

  Probe post(String path, String contentType, String accept, String body) {
    return post(path, contentType, accept, body.getBytes(StandardCharsets.UTF_8));
  }

  Probe post(String path, String contentType, String accept, byte[] body) {
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

  Probe get(String path, String head) {
    return raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + head + "\r\n");
  }

  static Probe raw(String head, byte... body) {
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
}
