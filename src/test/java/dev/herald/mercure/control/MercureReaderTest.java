package dev.herald.mercure.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.entity.Event;
import dev.herald.sse.EventFrame;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MercureReaderTest {

  private static long seq;

  static Event update(boolean isPrivate, String... topics) {
    seq++;
    return new Event(
        "mercure",
        "u" + seq,
        seq,
        "message",
        EventFrame.event("u" + seq, "message", "d"),
        Instant.now(),
        isPrivate,
        List.of(topics));
  }

  @Test
  void anUpdateIsSelectedWhenAnyOfItsTopicsMatchesAnySelector() {
    Selection selection =
        Selections.of(List.of("https://example.com/books/{id}", "/authors/1", "plain"));
    assertThat(selection.selects(update(false, "https://example.com/books/1"))).isTrue();
    assertThat(selection.selects(update(false, "/other", "/authors/1"))).isTrue();
    assertThat(selection.selects(update(false, "plain"))).isTrue();
    assertThat(selection.selects(update(false, "https://example.com/books/1/reviews"))).isFalse();
    assertThat(selection.selects(update(false, "/authors/2", "Plain"))).isFalse();
    assertThat(Selections.of(List.of("*")).selects(update(false, "anything/at/all"))).isTrue();
  }

  @Test
  void subscribersWithTheSameSelectorsShareOneSelectionWhateverTheirOrder() {
    assertThat(Selections.of(List.of("a", "b/{x}"))).isSameAs(Selections.of(List.of("b/{x}", "a")));
    assertThat(Selections.of(List.of("a"))).isNotSameAs(Selections.of(List.of("b")));
  }

  @Test
  void whatASelectionRemembersIsBounded() {
    Selection selection = Selections.of(List.of("/bounded/{id}"));
    for (int i = 0; i < Selection.MAX_REMEMBERED * 3; i++) {
      assertThat(selection.selects("/bounded/" + i)).isTrue();
    }
    assertThat(selection.selects("/unbounded/1")).isFalse();
  }

  @Test
  void aPrivateUpdateNeedsATokenWhoseSubscribeSelectorsMatchOneOfItsTopics() {
    Selection topics = Selections.of(List.of("/books/{id}"));
    MercureReader anonymous = new MercureReader(topics, null, null);
    MercureReader granted =
        new MercureReader(topics, Selections.of(List.of("/books/1", "/shelves/{s}")), null);
    Event open = update(false, "/books/1");
    Event secret = update(true, "/books/1");
    Event secretViaAlternate = update(true, "/books/2", "/shelves/top");
    Event secretElsewhere = update(true, "/books/2");
    assertThat(anonymous.mayRead(open)).isTrue();
    assertThat(anonymous.mayRead(secret)).isFalse();
    assertThat(granted.mayRead(secret)).isTrue();
    assertThat(granted.mayRead(secretViaAlternate)).isTrue();
    assertThat(granted.mayRead(secretElsewhere)).isFalse();
    assertThat(granted.mayRead(update(true, "/shelves/top"))).as("not subscribed").isFalse();
    assertThat(granted.announcesReset()).isFalse();
  }
}
