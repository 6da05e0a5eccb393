package dev.herald.chat.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.config.Settings;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UpstreamTest {

  private static Upstream upstream(Map<String, String> settings) {
    Upstream upstream = new Upstream();
    upstream.settings = new Settings(name -> settings.get(name), name -> null);
    upstream.configure();
    return upstream;
  }

  @Test
  void aRefusedConnectionIsABadGatewayThatSaysSo() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Upstream upstream =
        upstream(Map.of("herald.chat.upstream.url", "http://127.0.0.1:" + closedPort + "/v1"));
    try {
      assertThatThrownBy(() -> upstream.complete(new byte[0]).get(5, TimeUnit.SECONDS))
          .cause()
          .isInstanceOfSatisfying(
              ChatException.class,
              error -> {
                assertThat(error.status()).isEqualTo(502);
                assertThat(error.getMessage()).isEqualTo("The upstream refused the connection.");
              });
    } finally {
      upstream.stop();
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(thread -> thread.getName().startsWith("herald-chat-upstream"))
        .filteredOn(thread -> thread.getName().endsWith("-SelectorManager"))
        .as("the client's selector winds down by itself, holding no application class loader")
        .allMatch(thread -> thread.getContextClassLoader() == ClassLoader.getPlatformClassLoader());
  }

  @Test
  void isOffWithoutAUrlAndRejectsOneThatIsNotHttp() {
    assertThat(upstream(Map.of()).configured()).isFalse();
    assertThatThrownBy(() -> upstream(Map.of("herald.chat.upstream.url", "ftp://host/v1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chat.upstream.url");
  }

  @Test
  void neverRepeatsTheKeyFromAnUpstreamsMessage() {
    UpstreamFailures failures = new UpstreamFailures("sk-secret", 1000);

    ChatException error =
        failures.fromStatus(
            400, "{\"error\":{\"message\":\"bad key sk-secret here\",\"param\":\"x\"}}");
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.getMessage()).isEqualTo("bad key *** here");
    assertThat(error.error().error().param()).isEqualTo("x");
    assertThat(failures.fromStatus(503, "not json").status()).isEqualTo(502);
    assertThat(
            failures
                .from(new CompletionException(new java.net.http.HttpTimeoutException("t")))
                .status())
        .isEqualTo(504);
  }
}
