package dev.herald.mercure.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.mercure.entity.Subscription;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActiveSubscriptionsTest {

  private final List<Subscription> published = new CopyOnWriteArrayList<>();
  private final ActiveSubscriptions active = new ActiveSubscriptions();

  @AfterEach
  void stop() {
    active.stop();
  }

  @Test
  void offItMakesNoConnectionsAndListsNothing() {
    active.start(false, published::add);
    assertThat(active.enabled()).isFalse();
    assertThat(active.connect(List.of("a"), null)).isNull();
    assertThat(active.list(null)).isEmpty();
  }

  @Test
  void anOpenedStreamIsListedPerSelectorAndAnnouncedActiveThenInactiveWhenItEnds()
      throws Exception {
    active.start(true, published::add);
    Connection connection = active.connect(List.of("https://e.com/{id}", "b", "b"), Map.of("k", 1));
    assertThat(connection.id()).matches("urn:uuid:[0-9a-f-]{36}");
    assertThat(active.list(null)).isEmpty();
    connection.opened();

    assertThat(active.list(null))
        .extracting(Subscription::topic)
        .containsExactlyInAnyOrder("https://e.com/{id}", "b");
    assertThat(active.list("b"))
        .singleElement()
        .extracting(Subscription::id)
        .isEqualTo(SubscriptionPaths.of("b", connection.id()));
    assertThat(active.list("https://e.com/1")).isEmpty();
    assertThat(active.find("b", connection.id()))
        .get()
        .extracting(Subscription::payload)
        .isEqualTo(Map.of("k", 1));
    assertThat(active.find("c", connection.id())).isEmpty();
    assertThat(active.find("b", "urn:uuid:other")).isEmpty();

    connection.ended();
    connection.ended();
    connection.opened();
    assertThat(active.list(null)).isEmpty();
    waitFor(() -> published.size() == 4);
    assertThat(published)
        .extracting(Subscription::active)
        .containsExactly(true, true, false, false);
    assertThat(published.get(0).id()).isEqualTo(published.get(2).id());
  }

  @Test
  void aStreamThatEndedBeforeItWasSaidToOpenIsNeverAnnounced() throws Exception {
    active.start(true, published::add);
    Connection connection = active.connect(List.of("a"), null);
    connection.ended();
    connection.opened();
    Thread.sleep(200);
    assertThat(published).isEmpty();
    assertThat(active.list(null)).isEmpty();
  }

  @Test
  void eachSubscriberHasAnIdOfItsOwn() {
    active.start(true, published::add);
    assertThat(active.connect(List.of("a"), null).id())
        .isNotEqualTo(active.connect(List.of("a"), null).id());
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
