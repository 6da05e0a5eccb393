package dev.herald.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.ShippedWar;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that leave in the middle of a stream must not disturb anyone else's. On Tomcat they did:
 * Jersey went on closing a response that Tomcat had recycled for the next connection, and that
 * connection got its headers and then nothing.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClientsThatLeaveIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final String CHAT =
      "{\"model\":\"herald-echo\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
          + "word ".repeat(30).trim()
          + "\"}]}";
  private static final int COUNT = 20;

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource URL base;

  @Test
  void everyStreamEndsWhileOtherClientsLeaveTheirsMidWay() throws Exception {
    ExecutorService leaving = Executors.newFixedThreadPool(64);
    List<Future<?>> left = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> chats = new ArrayList<>();
    List<CompletableFuture<HttpResponse<String>>> countdowns = new ArrayList<>();
    try {
      for (int i = 0; i < 150; i++) {
        if (i < 120) {
          boolean chat = i % 2 == 0;
          left.add(leaving.submit(() -> leaveMidWay(chat)));
        }
        chats.add(HTTP.sendAsync(chat(), HttpResponse.BodyHandlers.ofString()));
        countdowns.add(HTTP.sendAsync(countdown(), HttpResponse.BodyHandlers.ofString()));
        // streams begin while others are left: a new request is what a late call landed on
        Thread.sleep(15);
      }
      for (Future<?> leaver : left) {
        leaver.get(30, TimeUnit.SECONDS);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      List<String> notEnded = new ArrayList<>();
      for (int i = 0; i < chats.size(); i++) {
        String outcome = outcome(chats.get(i), deadline, "data: [DONE]\n\n");
        if (outcome != null) {
          notEnded.add("chat " + i + ": " + outcome);
        }
        outcome = outcome(countdowns.get(i), deadline, "id: " + COUNT + "\n");
        if (outcome != null) {
          notEnded.add("countdown " + i + ": " + outcome);
        }
      }
      assertThat(notEnded).as("streams that did not reach their end").isEmpty();
    } finally {
      leaving.shutdownNow();
    }
  }

  /** What went wrong with a stream that should reach {@code end}; null if nothing did. */
  private static String outcome(
      CompletableFuture<HttpResponse<String>> stream, long deadline, String end)
      throws InterruptedException {
    try {
      HttpResponse<String> response =
          stream.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (response.statusCode() != 200) {
        return "status " + response.statusCode();
      }
      return response.body().contains(end) ? null : "ended early: " + response.body();
    } catch (TimeoutException e) {
      stream.cancel(true);
      return "never ended";
    } catch (ExecutionException e) {
      return e.getCause().toString();
    }
  }

  /** Asks for a stream on a raw socket and drops the connection within half a second. */
  private Void leaveMidWay(boolean chat) throws IOException, InterruptedException {
    String request =
        chat
            ? "POST "
                + base.getPath()
                + "api/chat/completions HTTP/1.1\r\nHost: herald\r\nContent-Type:"
                + " application/json\r\nContent-Length: "
                + CHAT.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n"
                + CHAT
            : "GET "
                + base.getPath()
                + "api/clock?count=1000&interval=50 HTTP/1.1\r\nHost: herald\r\n\r\n";
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      Thread.sleep(ThreadLocalRandom.current().nextLong(50, 500)); // the stream runs meanwhile
      if (ThreadLocalRandom.current().nextBoolean()) {
        socket.setSoLinger(true, 0); // a reset instead of an orderly close
      }
    }
    return null;
  }

  private HttpRequest chat() {
    return HttpRequest.newBuilder(URI.create(base + "api/chat/completions"))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(CHAT))
        .build();
  }

  private HttpRequest countdown() {
    return HttpRequest.newBuilder(URI.create(base + "api/clock?count=" + COUNT + "&interval=100"))
        .timeout(Duration.ofSeconds(20))
        .build();
  }
}
