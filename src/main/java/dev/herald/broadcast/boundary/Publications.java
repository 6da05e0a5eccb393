package dev.herald.broadcast.boundary;

import dev.herald.broadcast.control.EventText;
import dev.herald.broadcast.entity.Publication;
import dev.herald.hub.control.Hub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/**
 * Publishes every {@link Publication} fired as a CDI event. A synchronous {@code fire} returns once
 * the event is in the log and throws its problem otherwise; {@code fireAsync}'s stage carries the
 * same outcome.
 */
@ApplicationScoped
public class Publications {

  @Inject Hub hub;

  void published(@Observes Publication publication) {
    publish(publication);
  }

  void publishedAsync(@ObservesAsync Publication publication) {
    publish(publication);
  }

  private void publish(Publication publication) {
    hub.publishText(
        publication.topic(), publication.type(), EventText.json(publication.data()), null);
  }
}
