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
}
