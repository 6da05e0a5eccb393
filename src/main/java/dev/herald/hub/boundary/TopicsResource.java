package dev.herald.hub.boundary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.config.Settings;
import dev.herald.hub.control.Hub;
import dev.herald.hub.control.TopicNames;
import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.TopicView;
import dev.herald.problem.Problem;
import dev.herald.problem.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.Consumes;
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
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** Publishing to a topic, subscribing to one, and what the hub knows about its topics. */
@ApplicationScoped
@Path("topics")
public class TopicsResource {

  static final int DEFAULT_MAX_EVENT_BYTES = 64 * 1024;
  static final int DEFAULT_MAX_BATCH_EVENTS = 1000;
  static final int DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;
  static final String NDJSON = "application/x-ndjson";

  @Inject Hub hub;
  @Inject EventStreams streams;
  @Inject Settings settings;

  private int maxEventBytes;
  private int maxBatchEvents;
  private int maxBatchBytes;

  @PostConstruct
  void configure() {
    maxEventBytes =
        settings.number("hub.max-event-bytes", DEFAULT_MAX_EVENT_BYTES, 16, 16 * 1024 * 1024);
    maxBatchEvents = settings.number("hub.max-batch-events", DEFAULT_MAX_BATCH_EVENTS, 1, 100_000);
    maxBatchBytes =
        settings.number(
            "hub.max-batch-bytes",
            Math.max(DEFAULT_MAX_BATCH_BYTES, maxEventBytes),
            maxEventBytes,
            256 * 1024 * 1024);
  }

  @POST
  @Path("{topic}/events")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response publishJson(
      @PathParam("topic") String topic,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      InputStream body) {
    // an object is one event, an array a batch: read up to the batch limit, then hold an object to
    // the event limit
    byte[] bytes = EventBodies.read(body, contentLength, maxBatchBytes);
    if (!EventBodies.startsArray(bytes)) {
      if (bytes.length > maxEventBytes) {
        throw EventBodies.tooLarge(maxEventBytes);
      }
      EventBodies.PublishedJson event = EventBodies.json(bytes);
      return created(hub.publish(topic, event.type(), event.data(), event.id()));
    }
    JsonNode root = EventBodies.tree(bytes);
    return created(publishAll(topic, EventBodies.array(root, maxEventBytes, maxBatchEvents)));
  }

  /** A batch, one JSON event per line: all published, in order, or none. */
  @POST
  @Path("{topic}/events")
  @Consumes(NDJSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response publishNdjson(
      @PathParam("topic") String topic,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      InputStream body) {
    byte[] bytes = EventBodies.read(body, contentLength, maxBatchBytes);
    return created(publishAll(topic, EventBodies.ndjson(bytes, maxEventBytes, maxBatchEvents)));
  }

  private List<Event> publishAll(String topic, List<EventBodies.PublishedJson> events) {
    return hub.publishAll(
        topic,
        events.stream()
            .map(e -> new Hub.Published(e.type(), e.data().toString(), e.id()))
            .toList());
  }

  @POST
  @Path("{topic}/events")
  @Consumes(MediaType.TEXT_PLAIN)
  @Produces(MediaType.APPLICATION_JSON)
  public Response publishText(
      @PathParam("topic") String topic,
      @QueryParam("type") String type,
      @QueryParam("id") String id,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      @Context HttpHeaders headers,
      InputStream body) {
    byte[] bytes = EventBodies.read(body, contentLength, maxEventBytes);
    String text = EventBodies.text(bytes, charset(headers.getMediaType()));
    return created(hub.publishText(topic, type, text, id));
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<TopicView> topics() {
    return hub.topicViews();
  }

  @GET
  @Path("{topic}")
  @Produces(MediaType.APPLICATION_JSON)
  public TopicView topic(@PathParam("topic") String topic) {
    requireName(topic);
    return hub.topic(topic)
        .orElseThrow(
            () ->
                new ProblemException(
                    Problem.of(404, "There is no topic of this name.").with("topic", topic)));
  }

  @GET
  @Path("{topic}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void subscribe(
      @PathParam("topic") String topic,
      @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
      @QueryParam("lastEventId") String lastEventIdQuery,
      @Context HttpServletRequest request,
      @Context HttpServletResponse response) {
    requireName(topic);
    hub.subscribe(
        Set.of(topic),
        LastEventIds.of(lastEventIdHeader, lastEventIdQuery),
        streams.opener(request, response));
  }

  private static Response created(List<Event> events) {
    return Response.status(Response.Status.CREATED)
        .entity(events.stream().map(TopicsResource::published).toList())
        .build();
  }

  private static Published published(Event event) {
    return new Published(event.id(), event.topic(), event.type());
  }

  private static Response created(Event event) {
    return Response.status(Response.Status.CREATED)
        .entity(new Published(event.id(), event.topic(), event.type()))
        .build();
  }

  private static Charset charset(MediaType type) {
    String name = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.of(415, "Unsupported charset: the body must be UTF-8 text.")
              .with("charset", name.length() > 64 ? name.substring(0, 64) : name));
    }
  }

  /** The answer to a publish: where the event went and the id to resume after it. */
  public record Published(String id, String topic, String type) {}

  static void requireName(String topic) {
    if (!TopicNames.valid(topic)) {
      throw ProblemException.invalidParameter("topic", "A topic name is " + TopicNames.RULE + ".");
    }
  }
}
