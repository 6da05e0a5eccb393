package dev.herald.bench.webflux;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.JsonNode;

/** The same subscribe/publish API as Herald's hub, written the way the WebFlux docs suggest. */
@SpringBootApplication
@RestController
public class WebfluxPeer {

  private final Map<String, Sinks.Many<ServerSentEvent<String>>> topics = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

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
}
