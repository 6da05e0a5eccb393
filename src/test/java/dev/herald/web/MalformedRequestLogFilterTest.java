package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MalformedRequestLogFilterTest {

  @Test
  void payarasPathDecoderFailingIsAClientsMistake() {
    assertThat(
            MalformedRequestLogFilter.isPathDecoding(
                thrownAt(
                    new IllegalArgumentException("Illegal hex characters"),
                    "org.glassfish.grizzly.http.util.URLDecoder")))
        .isTrue();
    assertThat(
            MalformedRequestLogFilter.isPathDecoding(
                thrownAt(
                    new ArrayIndexOutOfBoundsException(14),
                    "org.glassfish.grizzly.http.util.HttpRequestURIDecoder")))
        .isTrue();
  }

  @Test
  void everyOtherFailureIsStillLogged() {
    assertThat(
            MalformedRequestLogFilter.isPathDecoding(
                thrownAt(new IllegalArgumentException("x"), "dev.herald.Something")))
        .isFalse();
    assertThat(
            MalformedRequestLogFilter.isPathDecoding(
                thrownAt(new IOException("x"), "org.glassfish.grizzly.http.util.URLDecoder")))
        .isFalse();
    assertThat(
            MalformedRequestLogFilter.CLIENT_MISTAKES
                .get("org.glassfish.grizzly.filterchain.DefaultFilterChain")
                .test(new IOException("Connection reset")))
        .isFalse();
  }

  private static Throwable thrownAt(Throwable thrown, String className) {
    thrown.setStackTrace(
        new StackTraceElement[] {new StackTraceElement(className, "decode", "X.java", 1)});
    return thrown;
  }
}
