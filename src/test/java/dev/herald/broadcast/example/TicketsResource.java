package dev.herald.broadcast.example;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseEventSink;

/** YOUR-OWN-STREAM.md's stream: {@code GET /api/tickets}, resumable with {@code Last-Event-ID}. */
@ApplicationScoped
@Path("tickets")
public class TicketsResource {

  @Inject TicketFeed feed;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void subscribe(@Context SseEventSink sink) {
    feed.tickets().register(sink);
  }
}
