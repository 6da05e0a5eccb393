package dev.herald.metrics.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void writesFamiliesWithHelpTypeAndEscapedLabels() {
    String text =
        new PrometheusText()
            .counter("x_total", "Things\ncounted.", 3)
            .family("y", "gauge", "Per label.")
            .sample("y", "topic", "a\"b\\c", 0.25)
            .toString();

    assertThat(text)
        .isEqualTo(
            """
            # HELP x_total Things\\ncounted.
            # TYPE x_total counter
            x_total 3
            # HELP y Per label.
            # TYPE y gauge
            y{topic="a\\"b\\\\c"} 0.25
            """);
  }

  @Test
  void writesNumbersAsPrometheusReadsThem() {
    assertThat(PrometheusText.number(1e20)).isEqualTo("1.0E20");
    assertThat(PrometheusText.number(-1)).isEqualTo("-1");
    assertThat(PrometheusText.number(Double.NaN)).isEqualTo("NaN");
  }
}
