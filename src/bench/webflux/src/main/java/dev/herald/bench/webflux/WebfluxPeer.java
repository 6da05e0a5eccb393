package dev.herald.bench.webflux;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/** The same subscribe/publish API as Herald's hub, written the way the WebFlux docs suggest. */
@SpringBootApplication
@RestController
public class WebfluxPeer {

  private final Map<String, Sinks.Many<ServerSentEvent<String>>> topics = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  private final WebClient upstream;

  public WebfluxPeer(
      @Value("${relay.upstream:http://127.0.0.1:18090/v1}") String upstreamUrl) {
    // the default pool holds a few connections per core; a relay needs one per open stream
    ConnectionProvider pool =
        ConnectionProvider.builder("relay")
            .maxConnections(20_000)
            .pendingAcquireMaxCount(20_000)
            .build();
    this.upstream =
        WebClient.builder()
            .baseUrl(upstreamUrl)
            .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
            .build();
  }

  public static void main(String[] args) {
    SpringApplication.run(WebfluxPeer.class, args);
  }

  private Sinks.Many<ServerSentEvent<String>> topic(String name) {
    return topics.computeIfAbsent(name, n -> Sinks.many().multicast().directBestEffort());
  }

  @GetMapping(path = "/api/topics/{topic}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<ServerSentEvent<String>> subscribe(@PathVariable String topic) {
    // the first heartbeat at once: WebFlux sends the response head with the first element
    Flux<ServerSentEvent<String>> heartbeats =
        Flux.interval(Duration.ZERO, Duration.ofSeconds(15))
            .map(i -> ServerSentEvent.<String>builder().comment("").build());
    return Flux.merge(topic(topic).asFlux(), heartbeats);
  }

  @PostMapping(path = "/api/topics/{topic}/events", consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  public Map<String, String> publish(@PathVariable String topic, @RequestBody JsonNode body) {
    String id = Long.toString(ids.incrementAndGet());
    ServerSentEvent<String> event =
        ServerSentEvent.builder(body.get("data").toString()).id(id).build();
    // several request threads may publish at once; a sink must be fed serially
    synchronized (this) {
      topic(topic).tryEmitNext(event);
    }
    return Map.of("id", id, "topic", topic, "type", "message");
  }

  /** W5: a streamed chat completion relayed from the upstream, event by event. */
  @PostMapping(
      path = "/api/chat/completions",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public Flux<ServerSentEvent<String>> chat(@RequestBody String body) {
    return upstream
        .post()
        .uri("/chat/completions")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(body)
        .retrieve()
        .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
        .map(event -> ServerSentEvent.builder(event.data()).build());
  }
}
