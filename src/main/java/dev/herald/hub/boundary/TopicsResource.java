package dev.herald.hub.boundary;

import dev.herald.auth.boundary.Callers;
import dev.herald.auth.control.Access;
import dev.herald.auth.control.Limits;
import dev.herald.auth.entity.Caller;
import dev.herald.config.Settings;
import dev.herald.hub.control.Hub;
import dev.herald.hub.control.TopicNames;
import dev.herald.hub.entity.Event;
import dev.herald.hub.entity.TopicView;
import dev.herald.problem.Problem;
import dev.herald.problem.ProblemException;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "topics", description = "Publish to a topic, subscribe to it, list topics")
public class TopicsResource {

  static final int DEFAULT_MAX_EVENT_BYTES = 64 * 1024;
  static final int DEFAULT_MAX_BATCH_EVENTS = 1000;
  static final int DEFAULT_MAX_BATCH_BYTES = 1024 * 1024;
  static final String NDJSON = "application/x-ndjson";

  @Inject Hub hub;
  @Inject Subscriptions subscriptions;
  @Inject Settings settings;
  @Inject Callers callers;
  @Inject Access access;
  @Inject Limits limits;

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
  @Operation(
      summary = "Publish an event",
      description =
          "JSON: {\"type\": optional, \"id\": optional, \"private\": optional, \"data\": any"
              + " JSON}. Text: the body is the data, type, id and private are query parameters."
              + " A batch, all published in order or none: a JSON array of such objects, or"
              + " application/x-ndjson with one per line; the answer is then an array.",
      requestBody =
          @RequestBody(
              required = true,
              content = {
                @Content(mediaType = MediaType.APPLICATION_JSON),
                @Content(mediaType = MediaType.TEXT_PLAIN),
                @Content(mediaType = NDJSON)
              }),
      parameters = {
        @Parameter(name = "type", in = ParameterIn.QUERY, description = "text/plain only"),
        @Parameter(name = "id", in = ParameterIn.QUERY, description = "text/plain only")
      },
      responses = {
        @ApiResponse(
            responseCode = "201",
            description = "Published",
            content = @Content(schema = @Schema(implementation = Published.class))),
        @ApiResponse(
            responseCode = "400",
            description = "Invalid event",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "409",
            description = "Duplicate id, or too many topics",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "413",
            description = "Body too large",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "415",
            description = "Neither JSON nor text",
            content = @Content(mediaType = "application/problem+json"))
      })
  public Response publishJson(
      @PathParam("topic") String topic,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      @Context HttpServletRequest request,
      InputStream body) {
    requireContentType(contentType);
    authorizePublish(topic, request);
    // an object is one event, an array a batch: read up to the batch limit, then hold an object to
    // the event limit
    byte[] bytes = EventBodies.read(body, contentLength, maxBatchBytes);
    if (EventBodies.startsArray(bytes)) {
      return created(publishAll(topic, EventBodies.array(bytes, maxEventBytes, maxBatchEvents)));
    }
    if (bytes.length > maxEventBytes) {
      throw EventBodies.tooLarge(maxEventBytes);
    }
    EventBodies.PublishedJson event = EventBodies.json(bytes);
    return created(
        hub.publishText(topic, event.type(), event.data(), event.id(), event.isPrivate()));
  }

  /** A batch, one JSON event per line: all published, in order, or none. */
  @POST
  @Path("{topic}/events")
  @Consumes(NDJSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Hidden // one operation per path and method: publishJson describes every body
  public Response publishNdjson(
      @PathParam("topic") String topic,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      @Context HttpServletRequest request,
      InputStream body) {
    authorizePublish(topic, request);
    byte[] bytes = EventBodies.read(body, contentLength, maxBatchBytes);
    return created(publishAll(topic, EventBodies.ndjson(bytes, maxEventBytes, maxBatchEvents)));
  }

  private List<Event> publishAll(String topic, List<EventBodies.PublishedJson> events) {
    return hub.publishAll(
        topic,
        events.stream()
            .map(e -> new Hub.Published(e.type(), e.data(), e.id(), e.isPrivate()))
            .toList());
  }

  @POST
  @Path("{topic}/events")
  @Consumes(MediaType.TEXT_PLAIN)
  @Produces(MediaType.APPLICATION_JSON)
  @Hidden // one operation per path and method: publishJson describes both bodies
  public Response publishText(
      @PathParam("topic") String topic,
      @QueryParam("type") String type,
      @QueryParam("id") String id,
      @QueryParam("private") String isPrivate,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
      @Context HttpHeaders headers,
      @Context HttpServletRequest request,
      InputStream body) {
    requireContentType(headers.getHeaderString(HttpHeaders.CONTENT_TYPE));
    boolean privateEvent = flag("private", isPrivate);
    authorizePublish(topic, request);
    byte[] bytes = EventBodies.read(body, contentLength, maxEventBytes);
    String text = EventBodies.text(bytes, charset(headers.getMediaType()));
    return created(hub.publishText(topic, type, text, id, privateEvent));
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Every topic the hub holds")
  public List<TopicView> topics() {
    return hub.topicViews();
  }

  @GET
  @Path("{topic}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "One topic",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The topic",
            content = @Content(schema = @Schema(implementation = TopicView.class))),
        @ApiResponse(
            responseCode = "404",
            description = "No such topic",
            content = @Content(mediaType = "application/problem+json"))
      })
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
  @Operation(
      summary = "Subscribe to one topic; resume with Last-Event-ID or lastEventId",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The event stream",
            content = @Content(mediaType = "text/event-stream")),
        @ApiResponse(
            responseCode = "400",
            description = "Invalid topic or id",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "503",
            description = "Too many streams",
            content = @Content(mediaType = "application/problem+json"))
      })
  public void subscribe(
      @PathParam("topic") String topic,
      @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
      @QueryParam("lastEventId") String lastEventIdQuery,
      @Context HttpServletRequest request,
      @Context HttpServletResponse response) {
    requireStreamable(topic);
    subscriptions.open(
        Set.of(topic), LastEventIds.of(lastEventIdHeader, lastEventIdQuery), request, response);
  }

  /** The caller may publish to the topic and is within its limit; before the body is read. */
  private void authorizePublish(String topic, HttpServletRequest request) {
    requireStreamable(topic);
    Caller caller = callers.of(request);
    access.requirePublish(caller, topic);
    limits.publish(caller);
  }

  private static boolean flag(String name, String raw) {
    if (raw == null || raw.isEmpty() || "false".equals(raw)) {
      return false;
    }
    if ("true".equals(raw)) {
      return true;
    }
    throw ProblemException.invalidParameter(name, name + " must be true or false.");
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

  /**
   * JAX-RS takes a body without Content-Type for any method that consumes one: a publish without
   * one would be whichever of JSON or text Jersey picked, so it is refused.
   */
  private static void requireContentType(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw new ProblemException(
          Problem.of(
              415,
              "Send the event as Content-Type: application/json ({\"data\": ...}) or"
                  + " text/plain."));
    }
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

  /** A topic this API publishes to and streams: Mercure's updates go through its own endpoint. */
  static void requireStreamable(String topic) {
    requireName(topic);
    if (TopicNames.reserved(topic)) {
      throw ProblemException.invalidParameter(
          "topic",
          "The topic "
              + topic
              + " holds the Mercure hub's updates: publish and subscribe at /.well-known/mercure.");
    }
  }
}
