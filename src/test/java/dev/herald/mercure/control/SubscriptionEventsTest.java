package dev.herald.mercure.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.mercure.entity.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SubscriptionEventsTest {

  static Subscription subscription(String topic, boolean active) {
    return new Subscription(
        SubscriptionPaths.of(topic, "urn:uuid:x"), topic, "urn:uuid:x", active, null);
  }

  @Test
  void announcementsArePublishedInOrderOnItsOwnThread() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    SubscriptionEvents events =
        new SubscriptionEvents(
            s -> seen.add(Thread.currentThread().getName() + " " + s.topic() + s.active()), 10);
    events.announce(List.of(subscription("a", true), subscription("b", true)));
    events.announce(List.of(subscription("a", false)));
    waitFor(() -> seen.size() == 3);
    assertThat(seen)
        .allMatch(line -> line.startsWith("herald-mercure-subscriptions-"))
        .extracting(line -> line.substring(line.indexOf(' ') + 1))
        .containsExactly("atrue", "btrue", "afalse");
    events.stop(Duration.ofSeconds(2));
  }

  @Test
  void beyondItsBoundAnnouncementsAreDroppedAndAFailedPublishIsCounted() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Subscription> seen = new CopyOnWriteArrayList<>();
    SubscriptionEvents events =
        new SubscriptionEvents(
            s -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              if (s.topic().equals("fails")) {
                throw new IllegalStateException("log unavailable");
              }
              seen.add(s);
            },
            2);
    events.announce(List.of(subscription("running", true)));
    Thread.sleep(100);
    events.announce(List.of(subscription("fails", true)));
    events.announce(List.of(subscription("queued", true)));
    events.announce(List.of(subscription("dropped", true)));
    assertThat(events.dropped()).isEqualTo(1);
    release.countDown();
    waitFor(() -> seen.size() == 2);
    assertThat(seen).extracting(Subscription::topic).containsExactly("running", "queued");
    assertThat(events.dropped()).isEqualTo(2);
    events.stop(Duration.ofSeconds(2));
  }

  @Test
  void aDocumentIsMercuresJsonLdWithThePayloadOnlyWhenThereIsOne() {
    Subscription subscription =
        new Subscription("/.well-known/mercure/subscriptions/a/b", "a", "b", true, null);
    assertThat(SubscriptionDocuments.of(subscription, true).toString())
        .isEqualTo(
            "{\"@context\":\"https://mercure.rocks/\",\"id\":\"/.well-known/mercure/subscriptions/a/b\","
                + "\"type\":\"Subscription\",\"topic\":\"a\",\"subscriber\":\"b\",\"active\":true}");
    Subscription withPayload =
        new Subscription("i", "a", "b", false, java.util.Map.of("foo", List.of(1, "x")));
    assertThat(SubscriptionDocuments.of(withPayload, false).toString())
        .isEqualTo(
            "{\"id\":\"i\",\"type\":\"Subscription\",\"topic\":\"a\",\"subscriber\":\"b\","
                + "\"active\":false,\"payload\":{\"foo\":[1,\"x\"]}}");
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
