package dev.herald.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ClientAbortsTest {

  static class ClientAbortException extends IOException {
    ClientAbortException(Throwable cause) {
      super(cause);
    }
  }

  @Test
  void dropsOnlyRecordsCausedByAClientThatLeft() {
    ClientAborts filter = ClientAborts.install();
    try {
      LogRecord abort = new LogRecord(Level.SEVERE, "write failed");
      abort.setThrown(
          new UncheckedIOException(new ClientAbortException(new IOException("Broken pipe"))));
      LogRecord other = new LogRecord(Level.SEVERE, "write failed");
      other.setThrown(new IOException("Disk full"));

      assertThat(filter.isLoggable(abort)).isFalse();
      assertThat(filter.isLoggable(other)).isTrue();
      assertThat(filter.isLoggable(new LogRecord(Level.SEVERE, "no exception"))).isTrue();
    } finally {
      filter.uninstall();
    }
  }
}
