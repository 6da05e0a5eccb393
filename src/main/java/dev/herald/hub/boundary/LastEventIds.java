package dev.herald.hub.boundary;

import dev.herald.problem.ProblemException;
import dev.herald.sse.SseFields;

/** Where a stream resumes from: the header a reconnecting EventSource sends, else the query. */
public final class LastEventIds {

  private LastEventIds() {}

  /**
   * The header wins: an EventSource opened with {@code ?lastEventId=} keeps that URL and sends the
   * header with the newer id on every reconnect.
   */
  public static String of(String header, String query) {
    String id = header != null && !header.isEmpty() ? header : query;
    if (id == null || id.isEmpty()) {
      return null;
    }
    String violation = SseFields.violation(id);
    if (violation != null) {
      throw ProblemException.invalidParameter("Last-Event-ID", "Last-Event-ID " + violation + ".");
    }
    return id;
  }
}
