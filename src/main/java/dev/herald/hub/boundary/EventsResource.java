package dev.herald.hub.boundary;

import dev.herald.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** One stream over several topics, in publishing order, resumable from a single id. */
@ApplicationScoped
@Path("events")
@Tag(name = "topics")
public class EventsResource {

  static final int MAX_TOPICS = 16;

  @Inject Subscriptions subscriptions;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "Subscribe to 1 to 16 topics in one stream, in publishing order",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The event stream",
            content = @Content(mediaType = "text/event-stream")),
        @ApiResponse(
            responseCode = "400",
            description = "Invalid topics or id",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "503",
            description = "Too many streams",
            content = @Content(mediaType = "application/problem+json"))
      })
  public void subscribe(
      @QueryParam("topic") List<String> topics,
      @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventIdHeader,
      @QueryParam("lastEventId") String lastEventIdQuery,
      @Context HttpServletRequest request,
      @Context HttpServletResponse response) {
    Set<String> names = new LinkedHashSet<>(topics);
    if (names.isEmpty() || names.size() > MAX_TOPICS) {
      throw ProblemException.invalidParameter(
              "topic", "Name 1 to " + MAX_TOPICS + " topics, each as a topic parameter.")
          .withBounds(1, MAX_TOPICS);
    }
    names.forEach(TopicsResource::requireStreamable);
    subscriptions.open(
        names, LastEventIds.of(lastEventIdHeader, lastEventIdQuery), request, response);
  }
}
