package dev.herald.mercure.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionPathsTest {

  @Test
  void aSubscriptionsIriEncodesEverythingButUnreservedCharactersAsRfc6570Does() {
    assertThat(
            SubscriptionPaths.of(
                "https://example.com/{selector}", "urn:uuid:bb3de268-05b0-4c65-b44e-8f9acefc29d6"))
        .isEqualTo(
            "/.well-known/mercure/subscriptions/https%3A%2F%2Fexample.com%2F%7Bselector%7D"
                + "/urn%3Auuid%3Abb3de268-05b0-4c65-b44e-8f9acefc29d6");
    assertThat(SubscriptionPaths.of("a b+c~d_e.f-g/é"))
        .isEqualTo("/.well-known/mercure/subscriptions/a%20b%2Bc~d_e.f-g%2F%C3%A9");
  }

  @Test
  void aRawPathDecodesToTheCollectionATopicOrATopicAndSubscriber() {
    assertThat(SubscriptionPaths.segments("/.well-known/mercure/subscriptions")).isEmpty();
    assertThat(SubscriptionPaths.segments("/.well-known/mercure/subscriptions/")).isEmpty();
    assertThat(SubscriptionPaths.segments("/.well-known/mercure/subscriptions/a%2Fb%20c"))
        .containsExactly("a/b c");
    String topic = "https://example.com/books/{id}";
    String subscriber = "urn:uuid:1e0cba4c-4bcd-44f0-ae8a-7b76f7ef1280";
    assertThat(SubscriptionPaths.segments(SubscriptionPaths.of(topic, subscriber)))
        .isEqualTo(List.of(topic, subscriber));
  }

  @Test
  void aPlusIsASpaceAsMercuresOwnHubEscapesIt() {
    assertThat(SubscriptionPaths.segments("/.well-known/mercure/subscriptions/a+b"))
        .containsExactly("a b");
  }

  @Test
  void otherPathsEmptySegmentsAndBadEscapesAreNone() {
    assertThat(SubscriptionPaths.segments("/.well-known/mercure/subscriptionsx")).isNull();
    assertThat(SubscriptionPaths.segments("/.well-known/mercure/subscriptions/a/b/c")).isNull();
    assertThat(SubscriptionPaths.segments("/.well-known/mercure/subscriptions//b")).isNull();
    assertThat(SubscriptionPaths.segments("/.well-known/mercure/subscriptions/a/")).isNull();
    assertThat(SubscriptionPaths.segments("/.well-known/mercure/subscriptions/%zz")).isNull();
    assertThat(SubscriptionPaths.segments("/.well-known/mercure/subscriptions/a%2")).isNull();
  }
}
