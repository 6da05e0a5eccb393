package dev.herald.broadcast;

import dev.herald.broadcast.boundary.TopicBroadcaster;
import dev.herald.broadcast.boundary.Topics;
import dev.herald.broadcast.entity.Publication;
import dev.herald.problem.ProblemException;
import dev.herald.scheduling.Scheduler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test-only: a resource that drives the broadcaster of any topic the way an application would, and
 * says what its onClose and onError callbacks saw. BroadcastIT adds it to the shipped WAR.
 */
@ApplicationScoped
@Path("probe/{topic}")
public class BroadcastProbe {

  @Inject Topics topics;
  @Inject Scheduler scheduler;
  @Inject Event<Publication> publications;

  private final Map<String, Probe> probes = new ConcurrentHashMap<>();

  private Probe probe(String topic) {
    return probes.computeIfAbsent(topic, name -> new Probe(topics.broadcaster(name)));
  }

  /** Registers on the request thread, or ({@code later}) from a scheduler thread. */
  @GET
  @Path("events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void subscribe(
      @PathParam("topic") String topic,
      @QueryParam("later") boolean later,
      @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
      @Context SseEventSink sink) {
    TopicBroadcaster broadcaster = probe(topic).broadcaster;
    if (later) {
      scheduler.after(0, () -> broadcaster.register(sink, lastEventId));
    } else {
      broadcaster.register(sink);
    }
  }

  @POST
  @Path("events")
  @Consumes(MediaType.TEXT_PLAIN)
  @Produces(MediaType.TEXT_PLAIN)
  public String broadcast(
      @PathParam("topic") String topic,
      @QueryParam("type") String type,
      @QueryParam("id") String id,
      String text) {
    var event = topics.newEvent().name(type).id(id).data(text).build();
    try {
      return probe(topic).broadcaster.broadcast(event).toCompletableFuture().join().toString();
    } catch (CompletionException e) {
      throw e.getCause() instanceof ProblemException problem ? problem : e;
    }
  }

  @POST
  @Path("json")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.TEXT_PLAIN)
  public String broadcastJson(@PathParam("topic") String topic, Map<String, Object> data) {
    var event = topics.newEvent().mediaType(MediaType.APPLICATION_JSON_TYPE).data(data).build();
    return probe(topic).broadcaster.broadcast(event).toCompletableFuture().join().toString();
  }

  @POST
  @Path("publications")
  @Consumes(MediaType.APPLICATION_JSON)
  public void publish(
      @PathParam("topic") String topic,
      @QueryParam("async") boolean async,
      Map<String, Object> data)
      throws Exception {
    Publication publication = new Publication(topic, "published", data);
    if (async) {
      publications.fireAsync(publication).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } else {
      publications.fire(publication);
    }
  }

  @GET
  @Path("stats")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Integer> stats(@PathParam("topic") String topic) {
    Probe probe = probe(topic);
    return Map.of(
        "registered", probe.broadcaster.registered(),
        "closed", probe.closed.get(),
        "errors", probe.errors.get());
  }

  @DELETE
  public void close(@PathParam("topic") String topic) {
    probe(topic).broadcaster.close();
  }

  @PreDestroy
  void stop() {
    probes.values().forEach(probe -> probe.broadcaster.close());
  }

  private static final class Probe {

    final TopicBroadcaster broadcaster;
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger errors = new AtomicInteger();

    Probe(TopicBroadcaster broadcaster) {
      this.broadcaster = broadcaster;
      broadcaster.onClose(sink -> closed.incrementAndGet());
      broadcaster.onError((sink, failure) -> errors.incrementAndGet());
    }
  }
}
