package dev.herald.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ClientGoneLogFilterTest {

  static class ClientAbortException extends IOException {
    ClientAbortException(Throwable cause) {
      super(cause);
    }
  }

  @Test
  void recognisesOnlyAClientThatLeft() {
    assertThat(
            ClientGoneLogFilter.isClientGone(
                new UncheckedIOException(new ClientAbortException(new IOException("Broken pipe")))))
        .isTrue();
    assertThat(ClientGoneLogFilter.isClientGone(new IOException("Disk full"))).isFalse();
  }

  @Test
  void recognisesGrizzlysClosedConnectionAndAPeerThatLeft() {
    IOException closed = new IOException("Connection is closed");
    closed.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(
              "org.glassfish.grizzly.nio.NIOConnection", "assertOpen", "NIOConnection.java", 427)
        });
    assertThat(ClientGoneLogFilter.isClientGone(closed)).isTrue();
    assertThat(ClientGoneLogFilter.isClientGone(new IOException("Connection is closed")))
        .as("the same words from anywhere else")
        .isFalse();
    assertThat(
            ClientGoneLogFilter.isClientGone(
                new UncheckedIOException(new IOException("Connection reset by peer"))))
        .isTrue();
  }
}
