package dev.herald.mercure.control;

import dev.herald.hub.control.Reader;
import dev.herald.hub.entity.Event;
import java.time.Instant;

/**
 * A Mercure subscriber as the hub sees it: an update reaches it when one of the update's topics
 * matches one of its topic selectors and, for a private update, one of its token's {@code
 * mercure.subscribe} selectors ({@code privateTopics} null for a subscriber without a token).
 */
public record MercureReader(Selection topics, Selection privateTopics, Instant expiresAt)
    implements Reader {

  @Override
  public boolean mayRead(Event update) {
    return topics.selects(update)
        && (!update.isPrivate() || (privateTopics != null && privateTopics.selects(update)));
  }

  @Override
  public boolean mayReadPrivate(String topic) {
    return false;
  }

  @Override
  public boolean announcesReset() {
    return false;
  }
}
