package dev.herald.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The one place Herald reads its settings. A setting {@code clock.max-streams} is read from the
 * system property {@code herald.clock.max-streams}, else from the environment variable {@code
 * HERALD_CLOCK_MAX_STREAMS}, else its default.
 */
@ApplicationScoped
public class Settings {

  private final UnaryOperator<String> systemProperties;
  private final UnaryOperator<String> environment;

  public Settings() {
    this(System::getProperty, System::getenv);
  }

  public Settings(UnaryOperator<String> systemProperties, UnaryOperator<String> environment) {
    this.systemProperties = systemProperties;
    this.environment = environment;
  }

  public String text(String name, String defaultValue) {
    String value = systemProperties.apply("herald." + name);
    if (value == null) {
      value = environment.apply(environmentName(name));
    }
    return value == null || value.isBlank() ? defaultValue : value.trim();
  }

  public int number(String name, int defaultValue, int min, int max) {
    String raw = text(name, null);
    if (raw == null) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the bounds
    }
    throw new IllegalStateException(
        "Setting %s=%s must be a whole number from %d to %d".formatted(name, raw, min, max));
  }

  public Duration millis(String name, Duration defaultValue, Duration min, Duration max) {
    return Duration.ofMillis(
        number(
            name,
            (int) defaultValue.toMillis(),
            (int) min.toMillis(),
            (int) Math.min(Integer.MAX_VALUE, max.toMillis())));
  }

  public boolean flag(String name, boolean defaultValue) {
    String raw = text(name, null);
    if (raw == null) {
      return defaultValue;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default ->
          throw new IllegalStateException(
              "Setting %s=%s must be true or false".formatted(name, raw));
    };
  }

  static String environmentName(String name) {
    return "HERALD_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
