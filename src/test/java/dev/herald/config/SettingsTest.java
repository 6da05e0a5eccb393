package dev.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static Settings settings(Map<String, String> properties, Map<String, String> env) {
    return new Settings(properties::get, env::get);
  }

  @Test
  void aSystemPropertyWinsOverTheEnvironmentWhichWinsOverTheDefault() {
    Settings both =
        settings(Map.of("herald.hub.heartbeat", "5000"), Map.of("HERALD_HUB_HEARTBEAT", "7000"));
    Settings envOnly = settings(Map.of(), Map.of("HERALD_HUB_HEARTBEAT", "7000"));
    Settings neither = settings(Map.of(), Map.of());

    assertThat(both.number("hub.heartbeat", 15000, 1, 100_000)).isEqualTo(5000);
    assertThat(envOnly.number("hub.heartbeat", 15000, 1, 100_000)).isEqualTo(7000);
    assertThat(neither.number("hub.heartbeat", 15000, 1, 100_000)).isEqualTo(15000);
  }

  @Test
  void namesTheEnvironmentVariableAfterTheSetting() {
    assertThat(Settings.environmentName("clock.max-streams")).isEqualTo("HERALD_CLOCK_MAX_STREAMS");
  }

  @Test
  void readsDurationsInMillisecondsAndFlags() {
    Settings settings =
        settings(
            Map.of("herald.feeds.clock.interval", "250", "herald.feeds.clock.enabled", "off"),
            Map.of());

    assertThat(
            settings.millis(
                "feeds.clock.interval",
                Duration.ofSeconds(1),
                Duration.ofMillis(100),
                Duration.ofHours(1)))
        .isEqualTo(Duration.ofMillis(250));
    assertThat(settings.flag("feeds.clock.enabled", true)).isFalse();
    assertThat(settings.flag("feeds.jvm.enabled", true)).isTrue();
  }

  @Test
  void aBadValueStopsStartUpWithTheSettingItsValueAndTheBounds() {
    Settings settings = settings(Map.of(), Map.of("HERALD_CLOCK_MAX_STREAMS", "lots"));

    assertThatThrownBy(() -> settings.number("clock.max-streams", 10, 1, 100))
        .hasMessage("Setting clock.max-streams=lots must be a whole number from 1 to 100");
  }
}
