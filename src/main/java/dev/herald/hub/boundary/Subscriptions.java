package dev.herald.hub.boundary;

import dev.herald.auth.boundary.Callers;
import dev.herald.auth.control.Access;
import dev.herald.auth.control.Limits;
import dev.herald.auth.entity.Caller;
import dev.herald.hub.control.Hub;
import dev.herald.hub.control.Reader;
import dev.herald.sse.EventStream;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Opens a hub stream for the caller: refused if it may not read, counted against its address's
 * stream limit until it ends, private events as its token allows, ended when its token expires.
 */
@ApplicationScoped
public class Subscriptions {

  @Inject Hub hub;
  @Inject EventStreams streams;
  @Inject Callers callers;
  @Inject Access access;
  @Inject Limits limits;

  void open(
      Set<String> topics,
      String lastEventId,
      HttpServletRequest request,
      HttpServletResponse response) {
    Caller caller = callers.of(request);
    access.requireReader(caller);
    Instant end = access.streamEnd(caller, Instant.now());
    // decided once here: the hub asks for every private event, under its lock
    Set<String> readable =
        topics.stream()
            .filter(topic -> access.mayReadPrivate(caller, topic))
            .collect(Collectors.toUnmodifiableSet());
    Reader reader =
        new Reader() {
          @Override
          public boolean mayReadPrivate(String topic) {
            return readable.contains(topic);
          }

          @Override
          public Instant expiresAt() {
            return end;
          }
        };
    open(topics, lastEventId, caller, reader, request, response, null);
  }

  /**
   * Opens a hub stream over {@code topics} for {@code caller}, who may read, as {@code reader}
   * decides: counted against its stream limit until it ends. {@code ended} (if not null) runs once
   * the stream has ended or was refused, possibly more than once and on any thread.
   */
  public void open(
      Set<String> topics,
      String lastEventId,
      Caller caller,
      Reader reader,
      HttpServletRequest request,
      HttpServletResponse response,
      Runnable ended) {
    Runnable limit = limits.openStream(caller);
    Runnable release =
        ended == null
            ? limit
            : () -> {
              limit.run();
              ended.run();
            };
    Supplier<EventStream> opener = streams.opener(request, response);
    boolean[] opened = {false};
    try {
      hub.subscribe(
          topics,
          lastEventId,
          reader,
          () -> {
            EventStream stream = new ReleasingStream(opener.get(), release);
            opened[0] = true;
            return stream;
          });
    } catch (RuntimeException refused) {
      if (!opened[0]) {
        release.run();
      }
      throw refused;
    }
  }
}
