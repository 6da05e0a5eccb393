package dev.herald.broadcast.boundary;

import dev.herald.broadcast.control.EventText;
import dev.herald.hub.boundary.EventStreams;
import dev.herald.hub.boundary.LastEventIds;
import dev.herald.hub.control.Hub;
import dev.herald.hub.control.Reader;
import dev.herald.hub.control.TopicNames;
import dev.herald.hub.entity.Event;
import dev.herald.problem.ProblemException;
import dev.herald.sse.EventStream;
import dev.herald.sse.SinkEventStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.glassfish.jersey.media.sse.OutboundEvent;

/**
 * Hands out the standard {@code SseBroadcaster} for a hub topic, so a resource or a feed uses the
 * JAX-RS SSE API it knows and gets the hub's guarantees behind it.
 */
@ApplicationScoped
public class Topics {

  @Inject Hub hub;
  @Inject EventStreams streams;

  /**
   * A broadcaster of its own over {@code topic}: closing it ends the sinks it registered, not the
   * topic's other subscribers.
   */
  public TopicBroadcaster broadcaster(String topic) {
    if (!TopicNames.valid(topic)) {
      throw ProblemException.invalidParameter("topic", "A topic name is " + TopicNames.RULE + ".");
    }
    return new TopicBroadcaster(topic, this);
  }

  /** A builder of an event to broadcast, for code that has no JAX-RS {@code Sse} at hand. */
  public OutboundSseEvent.Builder newEvent() {
    return new OutboundEvent.Builder();
  }

  Event publish(String topic, OutboundSseEvent event) {
    return hub.publishText(
        topic, event.getName(), EventText.of(event.getData(), event.getMediaType()), event.getId());
  }

  void subscribe(
      String topic, SseEventSink sink, String lastEventId, TopicBroadcaster broadcaster) {
    Optional<CurrentExchange.Exchange> exchange = CurrentExchange.current();
    if (exchange.isPresent() && exchange.get().suspendedUnanswered()) {
      // the request of the resource method that took the sink: Herald's stream writes its
      // connection without blocking, and closing the sink lets JAX-RS end what it suspended
      HttpServletRequest request = exchange.get().request();
      String resumeFrom =
          lastEventId != null
              ? LastEventIds.of(lastEventId, null)
              : LastEventIds.of(
                  request.getHeader(HttpHeaders.LAST_EVENT_ID_HEADER),
                  request.getParameter("lastEventId"));
      HandedOverResponse response = exchange.get().response();
      Supplier<EventStream> opener = streams.suspended(request, response, sink::close);
      hub.subscribe(
          Set.of(topic),
          resumeFrom,
          Reader.PUBLIC,
          () -> {
            EventStream stream = opener.get();
            response.handOver();
            return broadcaster.track(new RegisteredSink(stream, sink, broadcaster, () -> null));
          });
      return;
    }
    if (exchange.isPresent() && exchange.get().request().isAsyncStarted()) {
      throw new IllegalStateException(
          "This request's stream is registered already: a sink carries one topic");
    }
    SinkEventStream adapter = new SinkEventStream(sink);
    hub.subscribe(
        Set.of(topic),
        lastEventId == null ? null : LastEventIds.of(lastEventId, null),
        Reader.PUBLIC,
        () -> broadcaster.track(new RegisteredSink(adapter, sink, broadcaster, adapter::failure)));
  }
}
