package dev.herald.hub.boundary;

import dev.herald.config.Settings;
import dev.herald.hub.control.Node;
import dev.herald.problem.Problem;
import dev.herald.problem.ProblemException;
import dev.herald.sse.AsyncEventStream;
import dev.herald.sse.EventStream;
import dev.herald.sse.tomcat.UpgradedEventStream;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Opens a hub stream on the request thread of a request JAX-RS has not suspended: the hub writes
 * the response itself from then on. On Tomcat an HTTP/1.1 request is upgraded and the stream owns
 * the connection (see {@link UpgradedEventStream}); elsewhere, over HTTP/2 (a stream of a shared
 * connection, which no one request may take over) or with {@code hub.upgrade=false}, the stream is
 * an asynchronous request.
 */
@ApplicationScoped
public class EventStreams {

  static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(20);
  private static final String TOMCAT_UPGRADE =
      "org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler";

  @Inject Settings settings;
  @Inject Node node;

  private boolean upgrade;
  private Duration writeTimeout;

  @PostConstruct
  void configure() {
    upgrade = settings.flag("hub.upgrade", true) && onTomcat();
    writeTimeout =
        settings.millis(
            "hub.write-timeout", DEFAULT_WRITE_TIMEOUT, Duration.ofSeconds(1), Duration.ofHours(1));
  }

  Supplier<EventStream> opener(HttpServletRequest request, HttpServletResponse response) {
    return () -> {
      response.setHeader("Herald-Node", node.name());
      try {
        return upgrade && "HTTP/1.1".equals(request.getProtocol())
            ? UpgradedEventStream.open(request, response, writeTimeout)
            : AsyncEventStream.open(request);
      } catch (IOException | ServletException | IllegalStateException e) {
        throw new ProblemException(Problem.of(400, "The connection could not be streamed to."));
      }
    };
  }

  /**
   * Opens a hub stream on the request thread of a request JAX-RS has suspended for an {@code
   * SseEventSink} (a resource method that took one): an asynchronous stream written without
   * blocking, over the request JAX-RS keeps, and ended by {@code end}. Such a request cannot be
   * upgraded: JAX-RS holds it asynchronous.
   */
  public Supplier<EventStream> suspended(
      HttpServletRequest request, HttpServletResponse response, Runnable end) {
    return () -> {
      response.setHeader("Herald-Node", node.name());
      try {
        return AsyncEventStream.openSuspended(request, end);
      } catch (IOException | IllegalStateException e) {
        throw new ProblemException(Problem.of(400, "The connection could not be streamed to."));
      }
    };
  }

  private static boolean onTomcat() {
    try {
      Class.forName(TOMCAT_UPGRADE, false, EventStreams.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException elsewhere) {
      return false;
    }
  }
}
