package dev.herald.chat.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.testing.ShippedWar;
import dev.herald.testing.SseEvent;
import dev.herald.testing.SseStream;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.jersey.media.sse.EventInput;
import org.glassfish.jersey.media.sse.InboundEvent;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The chat endpoint's own behaviour, with the offline {@code herald-echo} demo model. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChatIT {

  static final ObjectMapper JSON = new ObjectMapper();
  // HTTP/1.1 as browsers use for SSE; the JDK default tries an h2c upgrade that Payara answers
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final String SAID = "Hi 你好 🎉";
  static final String REPLY =
      "You said: Hi 你好 🎉 (This is herald-echo, Herald's offline demo generator: it repeats what"
          + " you wrote and is not a language model.)";

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource URL base;

  @Test
  void streamsTheEchoChunkByChunkInOpenAisProtocolToAJaxRsClient() throws Exception {
    List<String> data = new ArrayList<>();
    Client client = ClientBuilder.newClient();
    try (Response response =
        client
            .target(base + "api/chat/completions")
            .request("text/event-stream")
            .post(
                Entity.json(
                    request(
                        "herald-echo", SAID, ",\"stream_options\":{\"include_usage\":true}")))) {
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getMediaType().toString()).startsWith("text/event-stream");
      assertThat(response.getHeaderString("Cache-Control")).contains("no-cache");
      EventInput events = response.readEntity(EventInput.class);
      for (InboundEvent event = events.read(); event != null; event = events.read()) {
        // a comment (keep-alive) is no event: OpenAI's clients skip it, Jersey hands it over
        if (!event.isEmpty()) {
          data.add(event.readData(String.class));
        }
      }
    } finally {
      client.close();
    }

    assertThat(data.get(data.size() - 1)).isEqualTo("[DONE]");
    List<JsonNode> chunks = new ArrayList<>();
    for (String json : data.subList(0, data.size() - 1)) {
      chunks.add(JSON.readTree(json));
    }
    JsonNode first = chunks.get(0);
    assertThat(first.get("id").asText()).startsWith("chatcmpl-");
    for (JsonNode chunk : chunks) {
      assertThat(chunk.get("id")).isEqualTo(first.get("id"));
      assertThat(chunk.get("created")).isEqualTo(first.get("created"));
      assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
      assertThat(chunk.get("model").asText()).isEqualTo("herald-echo");
    }
    assertThat(first.at("/choices/0/delta").toString())
        .isEqualTo("{\"role\":\"assistant\",\"content\":\"\"}");
    assertThat(first.at("/choices/0/finish_reason").isNull()).isTrue();

    List<JsonNode> content = chunks.subList(1, chunks.size() - 2);
    StringBuilder text = new StringBuilder();
    for (JsonNode chunk : content) {
      assertThat(chunk.at("/choices/0/delta").size()).isEqualTo(1);
      assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue();
      text.append(chunk.at("/choices/0/delta/content").asText());
    }
    assertThat(text.toString()).isEqualTo(REPLY);
    assertThat(content)
        .extracting(chunk -> chunk.at("/choices/0/delta/content").asText())
        .startsWith("You", " said:", " Hi", " 你", "好", " 🎉", " (This");

    JsonNode last = chunks.get(chunks.size() - 2);
    assertThat(last.at("/choices/0/delta").isEmpty()).isTrue();
    assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    JsonNode usage = chunks.get(chunks.size() - 1);
    assertThat(usage.get("choices").isEmpty()).isTrue();
    assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
    assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(content.size());
    assertThat(usage.at("/usage/total_tokens").asInt()).isEqualTo(4 + content.size());
  }

  @Test
  void pacesTheTokensAndSendsEachAsItIsMade() throws Exception {
    List<SseEvent> events = events(request("herald-echo", SAID, ""));

    assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
    assertThat(events).noneMatch(event -> event.data().contains("usage"));
    long spreadMillis =
        (events.get(events.size() - 1).arrivedNanos() - events.get(0).arrivedNanos()) / 1_000_000;
    // 24 tokens, a finish chunk and [DONE] at 30 per second
    assertThat(spreadMillis).isBetween(600L, 3000L);
  }

  @Test
  void stopsAtMaxTokensWithFinishReasonLength() throws Exception {
    List<SseEvent> events = events(request("herald-echo", SAID, ",\"max_tokens\":3"));

    assertThat(events).hasSize(6);
    StringBuilder text = new StringBuilder();
    for (SseEvent event : events.subList(1, 4)) {
      text.append(JSON.readTree(event.data()).at("/choices/0/delta/content").asText());
    }
    assertThat(text.toString()).isEqualTo("You said: Hi");
    assertThat(JSON.readTree(events.get(4).data()).at("/choices/0/finish_reason").asText())
        .isEqualTo("length");
  }

  @Test
  void answersOneCompletionWhenNotStreaming() throws Exception {
    HttpResponse<String> response =
        post(request("herald-echo", SAID, "").replace("\"stream\":true", "\"stream\":false"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode completion = JSON.readTree(response.body());
    assertThat(completion.get("object").asText()).isEqualTo("chat.completion");
    assertThat(completion.get("id").asText()).startsWith("chatcmpl-");
    assertThat(completion.at("/choices/0/message/role").asText()).isEqualTo("assistant");
    assertThat(completion.at("/choices/0/message/content").asText()).isEqualTo(REPLY);
    assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    assertThat(completion.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
  }

  @Test
  void listsTheDemoModelAsADemo() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "api/models")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode models = JSON.readTree(response.body());
    assertThat(models.get("object").asText()).isEqualTo("list");
    assertThat(models.get("data").toString())
        .contains(
            "{\"id\":\"herald-echo\",\"object\":\"model\",\"created\":1763942400,"
                + "\"owned_by\":\"herald-demo\"}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}| model",
        "{\"model\":\"herald-echo\"}| messages",
        "{\"model\":\"herald-echo\",\"messages\":[]}| messages",
        "{\"model\":\"herald-echo\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}|"
            + " messages[0].role",
        "{\"model\":\"herald-echo\",\"messages\":[{\"role\":\"user\",\"content\":42}]}|"
            + " messages[0].content",
        "{\"model\":\"herald-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"stream\":\"yes\"}| stream",
        "{\"model\":\"herald-echo\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
            + "\"max_tokens\":0}| max_tokens",
        "{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}| model",
        "not json|",
        "[1,2]|",
      })
  void rejectsABadRequestWith400InOpenAisErrorShape(String body, String param) throws Exception {
    HttpResponse<String> response = post(body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.get("message").asText()).isNotBlank();
    if (param == null) {
      assertThat(error.get("param").isNull()).isTrue();
    } else {
      assertThat(error.get("param").asText()).isEqualTo(param);
      assertThat(error.get("message").asText()).contains(param);
    }
  }

  @Test
  void rejectsARequestLargerThanTheLimitWith413() throws Exception {
    String big = "x".repeat(300 * 1024);
    HttpResponse<String> response = post(request("herald-echo", big, ""));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(JSON.readTree(response.body()).at("/error/code").asText())
        .isEqualTo("request_too_large");
  }

  @Test
  void rejectsAnythingButJsonWith415() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "api/chat/completions"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(request("herald-echo", "hi", "")))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(JSON.readTree(response.body()).at("/error/message").asText())
        .contains("application/json");
  }

  @Test
  void twoHundredConcurrentStreamsDoNotNeedTwoHundredThreads() throws Exception {
    String words = "word ".repeat(120).trim();
    events(request("herald-echo", "warm up", ",\"max_tokens\":2"));
    int before = serverThreads();

    List<HttpResponse<InputStream>> streams = new ArrayList<>();
    for (int batch = 0; batch < 10; batch++) {
      List<CompletableFuture<HttpResponse<InputStream>>> started = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        started.add(
            HTTP.sendAsync(
                chatRequest(request("herald-echo", words, "")),
                HttpResponse.BodyHandlers.ofInputStream()));
      }
      for (CompletableFuture<HttpResponse<InputStream>> stream : started) {
        streams.add(stream.join());
      }
    }
    int during = serverThreads();

    for (HttpResponse<InputStream> stream : streams) {
      assertThat(stream.statusCode()).isEqualTo(200);
      // that every stream ends is ClientsThatLeaveIT's to show
      stream.body().close();
    }
    assertThat(during - before)
        .as("threads before %d, with 200 streams open %d", before, during)
        .isLessThan(50);
  }

  static String request(String model, String userText, String more) throws Exception {
    return "{\"model\":\"%s\",\"messages\":[{\"role\":\"system\",\"content\":\"\"},{\"role\":\"user\",\"content\":%s}],\"stream\":true%s}"
        .formatted(model, JSON.writeValueAsString(userText), more);
  }

  HttpRequest chatRequest(String body) {
    return HttpRequest.newBuilder(URI.create(base + "api/chat/completions"))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  HttpResponse<String> post(String body) throws Exception {
    return HTTP.send(chatRequest(body), HttpResponse.BodyHandlers.ofString());
  }

  List<SseEvent> events(String body) throws Exception {
    List<SseEvent> events = new ArrayList<>();
    try (SseStream stream = SseStream.open(chatRequest(body))) {
      assertThat(stream.response().statusCode()).isEqualTo(200);
      for (SseEvent event = stream.next(); event != null; event = stream.next()) {
        events.add(event);
      }
    }
    return events;
  }

  /** The server's live threads, as its own metrics endpoint reports them on either server. */
  private int serverThreads() throws Exception {
    String metrics =
        HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "api/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher threads = Pattern.compile("(?m)^jvm_threads_live (\\d+)$").matcher(metrics);
    assertThat(threads.find()).as("jvm_threads_live in %s", metrics).isTrue();
    return Integer.parseInt(threads.group(1));
  }
}
