package dev.herald.metrics.control;

import java.util.Locale;

/**
 * Writes metrics in the Prometheus text exposition format (version 0.0.4): a HELP and TYPE line per
 * family, then its samples.
 */
public final class PrometheusText {

  public static final String MEDIA_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final StringBuilder text = new StringBuilder(4096);

  public PrometheusText family(String name, String type, String help) {
    text.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
    text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    return this;
  }

  public PrometheusText sample(String name, double value) {
    text.append(name).append(' ').append(number(value)).append('\n');
    return this;
  }

  public PrometheusText sample(String name, String label, String labelValue, double value) {
    text.append(name)
        .append('{')
        .append(label)
        .append("=\"")
        .append(escapeLabel(labelValue))
        .append("\"} ")
        .append(number(value))
        .append('\n');
    return this;
  }

  public PrometheusText gauge(String name, String help, double value) {
    return family(name, "gauge", help).sample(name, value);
  }

  public PrometheusText counter(String name, String help, double value) {
    return family(name, "counter", help).sample(name, value);
  }

  @Override
  public String toString() {
    return text.toString();
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%s", value);
  }

  static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
