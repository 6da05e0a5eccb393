package dev.herald.broadcast.example;

import dev.herald.broadcast.boundary.Topics;
import dev.herald.scheduling.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseBroadcaster;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/** YOUR-OWN-STREAM.md's feed: a ticket sale every half second, broadcast to the topic "tickets". */
@ApplicationScoped
public class TicketFeed {

  @Inject Topics topics;
  @Inject Scheduler scheduler;

  private final AtomicLong sold = new AtomicLong();
  private SseBroadcaster tickets;
  private ScheduledFuture<?> schedule;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    tickets = topics.broadcaster("tickets");
    schedule = scheduler.every(500, 0, this::sell);
  }

  private void sell() {
    Sale sale = new Sale(sold.incrementAndGet(), Instant.now().toString());
    tickets.broadcast(
        topics
            .newEvent()
            .name("sold")
            .mediaType(MediaType.APPLICATION_JSON_TYPE)
            .data(sale)
            .build());
  }

  public SseBroadcaster tickets() {
    return tickets;
  }

  @PreDestroy
  void stop() {
    schedule.cancel(false);
    tickets.close();
  }

  public record Sale(long number, String at) {}
}
