package dev.herald.chat.control;

import dev.herald.config.Settings;
import dev.herald.scheduling.OwnedThreads;
import dev.herald.scheduling.Scheduler;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The OpenAI-compatible server Herald relays to ({@code chat.upstream.url}), with the API key that
 * stays on this side. Its HTTP client runs on a small bounded pool Herald owns and is made on first
 * use, so an application that never relays starts no client threads.
 */
@ApplicationScoped
public class Upstream {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final int THREADS = 2;
  static final int QUEUE = 10_000;
  private static final Logger LOG = Logger.getLogger(Upstream.class.getName());

  @Inject Settings settings;
  @Inject Scheduler scheduler;

  private final OwnedThreads threads = new OwnedThreads("chat-upstream");
  private final ClassLoader application = Thread.currentThread().getContextClassLoader();
  private final Set<UpstreamRelay> relays = ConcurrentHashMap.newKeySet();
  private URI base;
  private String key;
  private Duration timeout;
  private UpstreamFailures failures;
  private ThreadPoolExecutor executor;
  private HttpClient client;
  private Future<?> watch;

  @PostConstruct
  void configure() {
    String url = settings.text("chat.upstream.url", null);
    base = url == null ? null : baseOf(url);
    key = settings.text("chat.upstream.key", null);
    timeout =
        settings.millis(
            "chat.upstream.timeout", DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofHours(1));
    failures = new UpstreamFailures(key, timeout.toMillis());
  }

  public boolean configured() {
    return base != null;
  }

  /** The upstream's {@code GET /models} answer, as its JSON text. */
  public CompletableFuture<String> models() {
    return send(request("models").GET().build());
  }

  /** The upstream's answer to a non-streaming request, as its JSON text. */
  public CompletableFuture<String> complete(byte[] body) {
    return send(post(body));
  }

  /** Relays a streaming request; {@code client} is told when the upstream has answered. */
  public void stream(byte[] body, RelayClient client) {
    UpstreamRelay relay = new UpstreamRelay(client, failures, timeout.toMillis(), relays::remove);
    relays.add(relay);
    CompletableFuture<?> exchange;
    try {
      watchRelays();
      exchange = http().sendAsync(post(body), relay::answer);
    } catch (RuntimeException rejected) {
      relays.remove(relay);
      client.refuse(failures.from(rejected));
      return;
    }
    relay.exchangeAs(exchange);
  }

  private void checkRelays() {
    for (UpstreamRelay relay : relays) {
      try {
        relay.check();
      } catch (RuntimeException e) {
        // one relay's failure must not end the timer every relay shares
        LOG.log(Level.FINE, "A relay's check failed; it ends", e);
        relay.cancel();
      }
    }
  }

  private CompletableFuture<String> send(HttpRequest request) {
    return http()
        .sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .handle(
            (response, failure) -> {
              if (failure != null) {
                ChatException error = failures.from(failure);
                LOG.info(() -> "Chat upstream: " + error.getMessage());
                throw error;
              }
              if (response.statusCode() != 200) {
                ChatException error = failures.fromStatus(response.statusCode(), response.body());
                LOG.info(() -> "Chat upstream: " + error.getMessage());
                throw error;
              }
              return response.body();
            });
  }

  private HttpRequest post(byte[] body) {
    return request("chat/completions")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", "*/*");
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return request;
  }

  private synchronized HttpClient http() {
    if (client == null) {
      executor =
          new ThreadPoolExecutor(
              THREADS,
              THREADS,
              30,
              TimeUnit.SECONDS,
              new ArrayBlockingQueue<>(QUEUE),
              threads,
              this::runOnCaller);
      client = buildOutsideTheApplication();
    }
    return client;
  }

  /**
   * One timer for every relay: a timer each cost a queue entry per stream, and ending one contended
   * for the scheduler's queue lock.
   */
  private synchronized void watchRelays() {
    if (watch == null) {
      watch = scheduler.every(250, 250, this::checkRelays);
    }
  }

  /**
   * Runs a task the pool has no room for on the thread that offered it (the client's selector
   * thread, at worst) under the application's class loader, as the pool's own threads run it.
   */
  private void runOnCaller(Runnable task, ThreadPoolExecutor pool) {
    if (pool.isShutdown()) {
      return;
    }
    withContextLoader(
        application,
        () -> {
          task.run();
          return null;
        });
  }

  /**
   * On Java 17 an {@code HttpClient} cannot be closed: its selector thread ends by itself a few
   * seconds after the client is unreachable. Built with the platform class loader as the thread's
   * context loader, that thread does not pin the application's class loader while it winds down, so
   * undeploy need not wait for it.
   */
  private HttpClient buildOutsideTheApplication() {
    return withContextLoader(
        ClassLoader.getPlatformClassLoader(),
        () ->
            HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build());
  }

  private static <T> T withContextLoader(ClassLoader loader, Supplier<T> work) {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return work.get();
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  @PreDestroy
  synchronized void stop() {
    relays.forEach(UpstreamRelay::cancel);
    if (watch != null) {
      watch.cancel(false);
      watch = null;
    }
    if (client == null) {
      return;
    }
    client = null;
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)
          || !threads.joinAll(Duration.ofSeconds(5))) {
        LOG.warning("Chat upstream client threads did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.log(Level.FINE, "Interrupted while stopping the chat upstream client", e);
    }
  }

  static URI baseOf(String url) {
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url : url + "/");
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !Set.of("http", "https")
            .contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))) {
      throw new IllegalStateException(
          "Setting chat.upstream.url=%s must be an http or https URL such as http://host:8000/v1"
              .formatted(url));
    }
    return uri;
  }
}
