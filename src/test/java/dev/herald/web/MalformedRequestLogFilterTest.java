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

  @Test
  void jerseysWarningForAFormBodySentToAnEndpointThatReadsNoneIsAClientsMistake() {
    java.util.logging.LogRecord form =
        new java.util.logging.LogRecord(
            java.util.logging.Level.WARNING,
            "A servlet request to the URI http://localhost/api/models?x contains form parameters in"
                + " the request body but the request body has been consumed");
    java.util.logging.LogRecord other =
        new java.util.logging.LogRecord(java.util.logging.Level.WARNING, "something else");
    org.assertj.core.api.Assertions.assertThat(
            MalformedRequestLogFilter.isLogged(MalformedRequestLogFilter.JERSEY_SERVLET, form))
        .isFalse();
    org.assertj.core.api.Assertions.assertThat(
            MalformedRequestLogFilter.isLogged(MalformedRequestLogFilter.JERSEY_SERVLET, other))
        .isTrue();
  }
}
