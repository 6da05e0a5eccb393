package dev.herald.auth.control;

import dev.herald.auth.entity.Caller;
import dev.herald.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who may publish, chat and read. A token's Mercure claims decide for a caller that sent one; a
 * caller without one may read public events ({@code auth.anonymous}) and, from a loopback address
 * and while {@code auth.loopback} holds (by default when no key is configured), publish and chat.
 */
@ApplicationScoped
public class Access {

  static final Duration MAX_JITTER = Duration.ofSeconds(30);

  @Inject Settings settings;
  @Inject TokenVerifier verifier;

  private boolean anonymousReaders;
  private boolean trustLoopback;

  @PostConstruct
  void configure() {
    anonymousReaders = settings.flag("auth.anonymous", true);
    trustLoopback = settings.flag("auth.loopback", !verifier.configured());
  }

  public void requirePublish(Caller caller, String topic) {
    if (caller.anonymous()) {
      requireTrustedLoopback(caller, "Publishing");
    } else if (!TopicSelectors.anyMatches(caller.grant().publish(), topic)) {
      throw Refusal.insufficientScope(
              "The token has no mercure.publish selector that matches the topic " + topic + ".")
          .with("topic", topic);
    }
  }

  public void requireChat(Caller caller) {
    if (caller.anonymous()) {
      requireTrustedLoopback(caller, "Chat");
    } else if (!caller.grant().chat()) {
      throw Refusal.insufficientScope("The token does not allow chat (claim herald.chat).");
    }
  }

  public void requireReader(Caller caller) {
    if (caller.anonymous() && !anonymousReaders) {
      throw Refusal.tokenRequired(
          "Reading events needs a token: this server has no anonymous subscribers.");
    }
  }

  /** Never for a caller without a token, even one Herald trusts to publish. */
  public boolean mayReadPrivate(Caller caller, String topic) {
    return !caller.anonymous() && TopicSelectors.anyMatches(caller.grant().subscribe(), topic);
  }

  /**
   * When a stream of {@code caller} ends: before its token expires by up to a tenth of the time
   * left (at most {@link #MAX_JITTER}), so that streams opened together do not all end together.
   */
  public Instant streamEnd(Caller caller, Instant now) {
    Instant expires = caller.anonymous() ? null : caller.grant().expiresAt();
    if (expires == null) {
      return null;
    }
    long left = Math.max(0, Duration.between(now, expires).toMillis());
    long jitter = Math.min(left / 10, MAX_JITTER.toMillis());
    return expires.minusMillis(jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitter + 1));
  }

  private void requireTrustedLoopback(Caller caller, String what) {
    if (trustLoopback && caller.loopback()) {
      return;
    }
    if (!verifier.configured()) {
      throw Refusal.forbidden(
          "loopback_only",
          what
              + " is accepted only from this server's own host while no key is configured:"
              + " set auth.jwt.key (HS256) or auth.jwks.url and send a bearer token.");
    }
    throw Refusal.tokenRequired(what + " needs a bearer token.");
  }
}
