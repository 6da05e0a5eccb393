package dev.herald.clock.boundary;

import dev.herald.clock.control.Countdowns;
import dev.herald.problem.Parameters;
import dev.herald.problem.ProblemException;
import dev.herald.sse.GuardedEventSink;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * The demo Herald grew from: {@code count} events, one every {@code interval} ms, each with the
 * server's local time and its number. Ends after the last event; a reconnect after the end gets
 * 204, which tells {@code EventSource} to stop.
 */
@ApplicationScoped
@Path("clock")
@Tag(name = "countdown", description = "The demo Herald grew out of")
public class ClockResource {

  static final int DEFAULT_COUNT = 10;
  static final int MAX_COUNT = 1000;
  static final int DEFAULT_INTERVAL_MILLIS = 2000;
  static final int MIN_INTERVAL_MILLIS = 50;
  static final int MAX_INTERVAL_MILLIS = 60_000;

  @Inject Countdowns countdowns;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "count events (1-1000, default 10), one every interval ms (50-60000, default 2000)",
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "The event stream",
            content = @Content(mediaType = "text/event-stream")),
        @ApiResponse(responseCode = "204", description = "Resumed after the last event"),
        @ApiResponse(
            responseCode = "400",
            description = "Invalid parameter",
            content = @Content(mediaType = "application/problem+json")),
        @ApiResponse(
            responseCode = "503",
            description = "Too many countdowns",
            content = @Content(mediaType = "application/problem+json"))
      })
  public void countdown(
      @QueryParam("count") String countParam,
      @QueryParam("interval") String intervalParam,
      @HeaderParam(HttpHeaders.LAST_EVENT_ID_HEADER) String lastEventId,
      @Context SseEventSink sink,
      @Context Sse sse,
      @Context HttpServletRequest request) {
    int count = Parameters.wholeNumber("count", countParam, DEFAULT_COUNT, 1, MAX_COUNT);
    int interval =
        Parameters.wholeNumber(
            "interval",
            intervalParam,
            DEFAULT_INTERVAL_MILLIS,
            MIN_INTERVAL_MILLIS,
            MAX_INTERVAL_MILLIS);
    long sent = lastSent(lastEventId);
    if (sent >= count) {
      throw new WebApplicationException(Response.noContent().build());
    }
    countdowns.start(GuardedEventSink.of(sink, request), sse, (int) sent + 1, count, interval);
  }

  /** The count of the last event the client saw; 0 on a first connect. */
  private static long lastSent(String lastEventId) {
    if (lastEventId == null || lastEventId.isEmpty()) {
      return 0;
    }
    if (!lastEventId.chars().allMatch(Character::isDigit)) {
      throw ProblemException.invalidParameter(
              "Last-Event-ID",
              "Last-Event-ID must be the id of an earlier countdown event: a whole number from 0.")
          .withBounds(0, MAX_COUNT);
    }
    // any longer number is past every countdown's end
    return lastEventId.length() > 9 ? Long.MAX_VALUE : Long.parseLong(lastEventId);
  }
}
