package dev.herald.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible upstream for the chat ITs, on 127.0.0.1. The requested model picks the
 * scenario ({@code fake-fast}, {@code fake-slow}, {@code fake-endless}, {@code fake-hang}, {@code
 * fake-500}, {@code fake-401}, {@code fake-malformed}; any other name is unknown) and it records
 * what it saw, per model.
 */
public final class FakeUpstream {

  /** What one chat request looked like from the upstream's side. */
  public record Seen(String authorization, JsonNode body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile FakeUpstream running;

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Long>> closed = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> finished = new ConcurrentHashMap<>();
  private volatile CountDownLatch slowGate = new CountDownLatch(0);
  private volatile String modelsAuthorization;

  private FakeUpstream(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
    server.setExecutor(executor);
    server.createContext("/v1/models", this::models);
    server.createContext("/v1/chat/completions", this::completions);
  }

  static FakeUpstream start(int port) throws IOException {
    FakeUpstream fake = new FakeUpstream(port);
    fake.server.start();
    running = fake;
    return fake;
  }

  void stop() {
    running = null;
    server.stop(0);
    executor.shutdownNow();
  }

  /** The fake of this test run; started by {@link FakeUpstreamSession}. */
  public static FakeUpstream get() {
    if (running == null) {
      throw new IllegalStateException("No fake upstream: run the ITs through `./mvnw verify`");
    }
    return running;
  }

  public Seen seen(String model) {
    return seen.get(model);
  }

  public String modelsAuthorization() {
    return modelsAuthorization;
  }

  /** Holds {@code fake-slow} after its first chunk until the latch is released. */
  public CountDownLatch holdSlow() {
    slowGate = new CountDownLatch(1);
    return slowGate;
  }

  /** Completes with System.nanoTime() when a write to the model's stream failed (client gone). */
  public CompletableFuture<Long> closed(String model) {
    return closed.computeIfAbsent(model, m -> new CompletableFuture<>());
  }

  /** Completes when the upstream has sent the model's last byte. */
  public CompletableFuture<Void> finished(String model) {
    return finished.computeIfAbsent(model, m -> new CompletableFuture<>());
  }

  /** Forgets what it saw of {@code model}, before a test requests it again. */
  public void reset(String model) {
    seen.remove(model);
    closed.remove(model);
    finished.remove(model);
  }

  private void models(HttpExchange exchange) throws IOException {
    modelsAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
    try (exchange) {
      json(
          exchange,
          200,
          "{\"object\":\"list\",\"data\":[{\"id\":\"fake-fast\",\"object\":\"model\",\"created\":1,"
              + "\"owned_by\":\"fake\"},{\"id\":\"fake-slow\",\"object\":\"model\",\"created\":1,"
              + "\"owned_by\":\"fake\"}]}");
    }
  }

  private void completions(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    String model = body.path("model").asText();
    seen.put(model, new Seen(exchange.getRequestHeaders().getFirst("Authorization"), body));
    boolean stream = body.path("stream").asBoolean(false);
    try {
      switch (model) {
        case "fake-fast" -> {
          if (stream) {
            stream(exchange, model, chunk("Hello"), chunk(","), chunk(" world"), "[DONE]");
          } else {
            json(
                exchange,
                200,
                "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\",\"created\":1,"
                    + "\"model\":\"fake-fast\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                    + "\"assistant\",\"content\":\"Hello, world\"},\"finish_reason\":\"stop\"}]}");
          }
        }
        case "fake-slow" -> slow(exchange, model);
        case "fake-endless" -> endless(exchange, model);
        case "fake-flood" -> flood(exchange, model);
        case "fake-hang" -> hang(exchange);
        case "fake-500" ->
            json(exchange, 500, error("The fake upstream is overloaded.", "server_error"));
        case "fake-401" ->
            json(
                exchange,
                401,
                error(
                    "Incorrect API key provided: "
                        + exchange.getRequestHeaders().getFirst("Authorization"),
                    "invalid_request_error"));
        case "fake-malformed" -> stream(exchange, model, chunk("Hello"), "{not json", "[DONE]");
        default ->
            json(
                exchange,
                404,
                "{\"error\":{\"message\":\"The model `"
                    + model
                    + "` does not exist\",\"type\":\"invalid_request_error\",\"param\":null,"
                    + "\"code\":\"model_not_found\"}}");
      }
    } finally {
      exchange.close();
    }
  }

  private void stream(HttpExchange exchange, String model, String... events) throws IOException {
    OutputStream out = startStream(exchange);
    for (String event : events) {
      send(out, event);
    }
    finished(model).complete(null);
  }

  private void slow(HttpExchange exchange, String model) throws IOException {
    OutputStream out = startStream(exchange);
    send(out, chunk("first"));
    await(slowGate, 10);
    send(out, chunk(" then the rest"));
    send(out, "[DONE]");
    finished(model).complete(null);
  }

  private void endless(HttpExchange exchange, String model) {
    try {
      OutputStream out = startStream(exchange);
      for (int i = 0; i < 600; i++) {
        send(out, chunk("tick " + i + " "));
        await(new CountDownLatch(1), 0.1);
      }
    } catch (IOException clientGone) {
      closed(model).complete(System.nanoTime());
    }
  }

  /** 32 MB of chunks as fast as the relay takes them: more than a stalled client's buffers. */
  private void flood(HttpExchange exchange, String model) {
    String chunk = chunk("x".repeat(8192));
    try {
      OutputStream out = startStream(exchange);
      for (int i = 0; i < 4000; i++) {
        send(out, chunk);
      }
      send(out, "[DONE]");
    } catch (IOException clientGone) {
      closed(model).complete(System.nanoTime());
    }
  }

  private void hang(HttpExchange exchange) {
    await(new CountDownLatch(1), 5);
  }

  private static OutputStream startStream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    return exchange.getResponseBody();
  }

  private static void send(OutputStream out, String data) throws IOException {
    out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String chunk(String content) {
    return "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        + "\"model\":\"fake\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
        + content
        + "\"},\"finish_reason\":null}]}";
  }

  private static String error(String message, String type) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\"}}";
  }

  private static void json(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void await(CountDownLatch latch, double seconds) {
    try {
      latch.await((long) (seconds * 1000), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
