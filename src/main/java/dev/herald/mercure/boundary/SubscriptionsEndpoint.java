package dev.herald.mercure.boundary;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.auth.control.Refusal;
import dev.herald.auth.control.TopicSelectors;
import dev.herald.auth.entity.Caller;
import dev.herald.hub.control.Hub;
import dev.herald.hub.control.LogUnavailableException;
import dev.herald.hub.control.TopicNames;
import dev.herald.hub.entity.TopicView;
import dev.herald.mercure.control.ActiveSubscriptions;
import dev.herald.mercure.control.SubscriptionDocuments;
import dev.herald.mercure.control.SubscriptionPaths;
import dev.herald.mercure.entity.Subscription;
import dev.herald.problem.Problem;
import dev.herald.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Mercure's subscriptions API (draft 07, "Active Subscriptions"): this node's active subscriptions,
 * all of them, those of one topic selector, or one, as JSON-LD. The caller's token must have a
 * {@code mercure.subscribe} selector that matches the URL's path, as Mercure requires; the path is
 * read as sent (still percent-encoded), since a topic is usually an IRI full of {@code /}.
 */
@WebServlet(urlPatterns = {SubscriptionPaths.COLLECTION, SubscriptionPaths.COLLECTION + "/*"})
public class SubscriptionsEndpoint extends HttpServlet {

  static final String MEDIA_TYPE = "application/ld+json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = Logger.getLogger(SubscriptionsEndpoint.class.getName());

  @Inject transient ActiveSubscriptions active;
  @Inject transient MercureCallers callers;
  @Inject transient Hub hub;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    try {
      answer(request, response);
    } catch (Refusal refusal) {
      Answers.refusal(response, refusal);
    } catch (ProblemException problem) {
      Answers.problem(response, problem);
    }
  }

  private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    List<String> segments = active.enabled() ? SubscriptionPaths.segments(path) : null;
    if (segments == null) {
      throw new ProblemException(Problem.of(404, "There is no such subscriptions resource."));
    }
    Caller caller = callers.of(request);
    if (caller.anonymous()) {
      throw Refusal.tokenRequired("The subscriptions API needs a subscriber's token.");
    }
    if (!TopicSelectors.anyMatches(caller.grant().subscribe(), path)) {
      throw Refusal.insufficientScope(
          "The token has no mercure.subscribe selector that matches " + path + ".");
    }
    String lastEventId = lastEventId();
    try {
      if (segments.size() == 2) {
        single(segments.get(0), segments.get(1), lastEventId, response);
      } else {
        collection(path, segments.isEmpty() ? null : segments.get(0), lastEventId, response);
      }
    } catch (IOException clientGone) {
      LOG.log(Level.FINE, "The client left before the subscriptions were written", clientGone);
    }
  }

  private void single(
      String topic, String subscriber, String lastEventId, HttpServletResponse response)
      throws IOException {
    Subscription subscription =
        active
            .find(topic, subscriber)
            .orElseThrow(
                () -> new ProblemException(Problem.of(404, "There is no such subscription.")));
    start(response);
    JSON.writeValue(
        response.getOutputStream(),
        SubscriptionDocuments.of(subscription, true).put("lastEventID", lastEventId));
  }

  /** Written as it is read: every subscription of a busy node is a long list. */
  private void collection(
      String path, String topic, String lastEventId, HttpServletResponse response)
      throws IOException {
    start(response);
    try (JsonGenerator json =
            JSON.getFactory().createGenerator(response.getOutputStream(), JsonEncoding.UTF8);
        Stream<Subscription> listed = active.list(topic)) {
      json.writeStartObject();
      json.writeStringField("@context", SubscriptionDocuments.CONTEXT);
      json.writeStringField("id", path);
      json.writeStringField("type", "Subscriptions");
      json.writeStringField("lastEventID", lastEventId);
      json.writeArrayFieldStart("subscriptions");
      for (Iterator<Subscription> i = listed.iterator(); i.hasNext(); ) {
        JSON.writeTree(json, SubscriptionDocuments.of(i.next(), false));
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  /** Read before the subscriptions: a client resuming from it misses no change after them. */
  private String lastEventId() {
    try {
      return hub.topic(TopicNames.MERCURE)
          .map(TopicView::lastEventId)
          .filter(id -> id != null)
          .orElse("earliest");
    } catch (LogUnavailableException e) {
      throw new ProblemException(Problem.of(503, "The event log is unavailable; try again."))
          .withRetryAfter(1);
    }
  }

  private static void start(HttpServletResponse response) {
    response.setStatus(200);
    response.setCharacterEncoding("UTF-8");
    response.setContentType(MEDIA_TYPE);
    response.setHeader("Cache-Control", "no-cache");
  }
}
