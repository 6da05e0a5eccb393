package dev.herald.auth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.auth.entity.Caller;
import dev.herald.auth.entity.Grant;
import dev.herald.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsTest {

  static Limits limits(Map<String, String> properties) {
    Limits limits = new Limits();
    limits.settings = new Settings(properties::get, name -> null);
    limits.configure();
    return limits;
  }

  static Caller token(String key, String address) {
    return new Caller(address, true, new Grant(key, List.of(), List.of(), true, null, null), false);
  }

  @Test
  void aWindowCountsUpToItsLimitThenSaysHowLongToWait() {
    WindowCounter counter = new WindowCounter(3, 1000, 100);
    assertThat(counter.acquire("a", 10_000)).isZero();
    assertThat(counter.acquire("a", 10_100)).isZero();
    assertThat(counter.acquire("a", 10_200)).isZero();
    assertThat(counter.acquire("a", 10_300)).isEqualTo(700);
    assertThat(counter.acquire("b", 10_300)).as("another key").isZero();
    assertThat(counter.acquire("a", 11_000)).as("the next window").isZero();
  }

  @Test
  void theCountersForgetTheLeastRecentKeysBeyondTheirBound() {
    WindowCounter counter = new WindowCounter(1, 60_000, 100);
    for (int i = 0; i < 1000; i++) {
      counter.acquire("k" + i, 0);
    }
    assertThat(counter.keys()).isEqualTo(100);
  }

  @Test
  void publishesArePerTokenOrPerAddressWithoutOne() {
    Limits limits = limits(Map.of("herald.limits.publishes-per-second", "2"));
    Caller anonymous = new Caller("127.0.0.1", true, null, false);
    limits.publish(token("t1", "127.0.0.1"));
    limits.publish(token("t1", "127.0.0.2"));
    assertThatThrownBy(() -> limits.publish(token("t1", "127.0.0.3")))
        .isInstanceOfSatisfying(
            Refusal.class,
            refusal -> {
              assertThat(refusal.status()).isEqualTo(429);
              assertThat(refusal.retryAfterSeconds()).isEqualTo(1);
              assertThat(refusal.getMessage()).contains("limits.publishes-per-second");
            });
    limits.publish(token("t2", "127.0.0.1"));
    limits.publish(anonymous);
    limits.publish(anonymous);
    assertThatThrownBy(() -> limits.publish(anonymous))
        .isInstanceOfSatisfying(
            Refusal.class,
            refusal ->
                assertThat(refusal.getMessage()).contains("limits.loopback-publishes-per-second"));
    limits.publish(new Caller("127.0.0.2", true, null, false));
  }

  @Test
  void loopbackPublishersWithoutATokenMayHaveALimitOfTheirOwn() {
    Limits limits =
        limits(
            Map.of(
                "herald.limits.publishes-per-second", "1",
                "herald.limits.loopback-publishes-per-second", "3"));
    Caller anonymous = new Caller("127.0.0.1", true, null, false);
    for (int i = 0; i < 3; i++) {
      limits.publish(anonymous);
    }
    assertThatThrownBy(() -> limits.publish(anonymous)).isInstanceOf(Refusal.class);
    limits.publish(token("t1", "127.0.0.1"));
    assertThatThrownBy(() -> limits.publish(token("t1", "127.0.0.1"))).isInstanceOf(Refusal.class);
  }

  @Test
  void chatRequestsArePerMinute() {
    Limits limits = limits(Map.of("herald.limits.chat-per-minute", "1"));
    limits.chat(token("t1", "127.0.0.1"));
    assertThatThrownBy(() -> limits.chat(token("t1", "127.0.0.1")))
        .isInstanceOfSatisfying(
            Refusal.class, refusal -> assertThat(refusal.retryAfterSeconds()).isBetween(1L, 60L));
  }

  @Test
  void streamsPerAddressAreCountedUntilReleasedOnce() {
    Limits limits = limits(Map.of("herald.limits.streams-per-address", "2"));
    Caller a = new Caller("10.0.0.1", false, null, false);
    Runnable first = limits.openStream(a);
    limits.openStream(a);
    assertThatThrownBy(() -> limits.openStream(a))
        .isInstanceOfSatisfying(
            Refusal.class, refusal -> assertThat(refusal.status()).isEqualTo(429));
    limits.openStream(new Caller("10.0.0.2", false, null, false));
    first.run();
    first.run();
    assertThat(limits.openStreams("10.0.0.1")).isEqualTo(1);
    Runnable third = limits.openStream(a);
    third.run();
    assertThat(limits.openStreams("10.0.0.1")).isEqualTo(1);
  }
}
