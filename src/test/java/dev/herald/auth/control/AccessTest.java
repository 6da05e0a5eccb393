package dev.herald.auth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.auth.entity.Caller;
import dev.herald.auth.entity.Grant;
import dev.herald.config.Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessTest {

  static final Caller LOOPBACK = new Caller("127.0.0.1", true, null, false);
  static final Caller REMOTE = new Caller("203.0.113.9", false, null, false);

  static Access access(Map<String, String> properties) {
    Map<String, String> all = new HashMap<>(properties);
    Settings settings = new Settings(all::get, name -> null);
    TokenVerifier verifier = new TokenVerifier();
    verifier.settings = settings;
    verifier.configure();
    Access access = new Access();
    access.settings = settings;
    access.verifier = verifier;
    access.configure();
    return access;
  }

  static Caller token(List<String> publish, List<String> subscribe, boolean chat, Instant exp) {
    return new Caller(
        "203.0.113.9", false, new Grant("k", publish, subscribe, chat, null, exp), false);
  }

  static int status(Runnable check) {
    try {
      check.run();
      return 200;
    } catch (Refusal refusal) {
      return refusal.status();
    }
  }

  @Test
  void withNoKeyOnlyLoopbackClientsPublishAndChatAndOthersAreToldWhichSettingToSet() {
    Access access = access(Map.of());
    access.requirePublish(LOOPBACK, "news");
    access.requireChat(LOOPBACK);
    assertThatThrownBy(() -> access.requirePublish(REMOTE, "news"))
        .isInstanceOfSatisfying(
            Refusal.class,
            refusal -> {
              assertThat(refusal.status()).isEqualTo(403);
              assertThat(refusal.getMessage()).contains("auth.jwt.key").contains("auth.jwks.url");
            });
    assertThat(status(() -> access.requireChat(REMOTE))).isEqualTo(403);
    assertThat(status(() -> access.requireReader(REMOTE))).as("public reading").isEqualTo(200);
  }

  @Test
  void withAKeyATokenIsNeededEvenOnLoopbackUnlessAuthLoopbackSaysOtherwise() {
    String key = "a-key-of-thirty-two-bytes-or-more!!";
    Access strict = access(Map.of("herald.auth.jwt.key", key));
    assertThat(status(() -> strict.requirePublish(LOOPBACK, "news"))).isEqualTo(401);
    assertThat(status(() -> strict.requireChat(LOOPBACK))).isEqualTo(401);
    Access trusting = access(Map.of("herald.auth.jwt.key", key, "herald.auth.loopback", "true"));
    assertThat(status(() -> trusting.requirePublish(LOOPBACK, "news"))).isEqualTo(200);
    assertThat(status(() -> trusting.requirePublish(REMOTE, "news"))).isEqualTo(401);
    Access closed = access(Map.of("herald.auth.loopback", "false"));
    assertThat(status(() -> closed.requirePublish(LOOPBACK, "news"))).isEqualTo(403);
  }

  @Test
  void aTokensSelectorsDecidePublishingChatAndPrivateReading() {
    Access access = access(Map.of());
    Caller caller = token(List.of("news-{id}"), List.of("orders"), false, null);
    assertThat(status(() -> access.requirePublish(caller, "news-1"))).isEqualTo(200);
    assertThatThrownBy(() -> access.requirePublish(caller, "sport"))
        .isInstanceOfSatisfying(
            Refusal.class,
            refusal -> {
              assertThat(refusal.status()).isEqualTo(403);
              assertThat(refusal.authenticate()).isEqualTo("Bearer error=\"insufficient_scope\"");
              assertThat(refusal.details()).containsEntry("topic", "sport");
            });
    assertThat(status(() -> access.requireChat(caller))).isEqualTo(403);
    assertThat(status(() -> access.requireChat(token(List.of(), List.of(), true, null))))
        .isEqualTo(200);
    assertThat(access.mayReadPrivate(caller, "orders")).isTrue();
    assertThat(access.mayReadPrivate(caller, "news-1")).isFalse();
    assertThat(access.mayReadPrivate(LOOPBACK, "orders")).as("never anonymous").isFalse();
  }

  @Test
  void anonymousReadersCanBeTurnedOff() {
    Access access = access(Map.of("herald.auth.anonymous", "false"));
    assertThat(status(() -> access.requireReader(LOOPBACK))).isEqualTo(401);
    assertThat(status(() -> access.requireReader(token(List.of(), List.of(), false, null))))
        .isEqualTo(200);
  }

  @Test
  void aStreamEndsByItsTokensExpiryLessAJitterOfAtMostATenthAndThirtySeconds() {
    Access access = access(Map.of());
    Instant now = Instant.parse("2026-12-01T12:00:00Z");
    assertThat(access.streamEnd(LOOPBACK, now)).isNull();
    assertThat(access.streamEnd(token(List.of(), List.of(), false, null), now)).isNull();
    Instant soon = now.plusSeconds(10);
    Instant late = now.plus(Duration.ofHours(1));
    for (int i = 0; i < 200; i++) {
      assertThat(access.streamEnd(token(List.of(), List.of(), false, soon), now))
          .isBetween(soon.minusSeconds(1), soon);
      assertThat(access.streamEnd(token(List.of(), List.of(), false, late), now))
          .isBetween(late.minusSeconds(30), late);
    }
    Instant past = now.minusSeconds(5);
    assertThat(access.streamEnd(token(List.of(), List.of(), false, past), now)).isEqualTo(past);
  }
}
