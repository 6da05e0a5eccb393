package dev.herald.mercure.boundary;

import dev.herald.auth.control.Access;
import dev.herald.auth.control.Limits;
import dev.herald.auth.control.Refusal;
import dev.herald.auth.entity.Caller;
import dev.herald.config.Settings;
import dev.herald.hub.boundary.Subscriptions;
import dev.herald.hub.control.Hub;
import dev.herald.hub.control.TopicNames;
import dev.herald.hub.entity.Event;
import dev.herald.mercure.control.ActiveSubscriptions;
import dev.herald.mercure.control.Connection;
import dev.herald.mercure.control.MercureReader;
import dev.herald.mercure.control.Selections;
import dev.herald.problem.Problem;
import dev.herald.problem.ProblemException;
import dev.herald.sse.SseFields;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The Mercure hub (draft 07): a form POST publishes an update, a GET subscribes to topic selectors.
 * Updates go through Herald's hub as events of the one topic {@link TopicNames#MERCURE}, with their
 * topic IRIs, so they share the log's order, replay and nodes. A servlet, not a JAX-RS resource:
 * Herald's JAX-RS application lives under {@code /api}, and Mercure clients expect the hub at
 * {@code /.well-known/mercure}.
 */
@WebServlet(urlPatterns = MercureEndpoint.PATH, asyncSupported = true)
public class MercureEndpoint extends HttpServlet {

  static final String PATH = "/.well-known/mercure";
  static final int DEFAULT_MAX_TOPICS = 100;
  static final int DEFAULT_MAX_DATA = 1_000_000;
  private static final Set<String> HUB_TOPIC = Set.of(TopicNames.MERCURE);

  @Inject transient Hub hub;
  @Inject transient Subscriptions subscriptions;
  @Inject transient MercureCallers callers;
  @Inject transient Access access;
  @Inject transient Limits limits;
  @Inject transient Settings settings;
  @Inject transient ActiveSubscriptions active;

  private int maxTopics;
  private int maxData;

  @Override
  public void init() {
    maxTopics = settings.number("mercure.max-topics", DEFAULT_MAX_TOPICS, 1, 1000);
    maxData = settings.number("mercure.max-data", DEFAULT_MAX_DATA, 1, 16_000_000);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    answering(response, () -> publish(request, response));
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    answering(response, () -> subscribe(request, response));
  }

  /** Not a stream without a body: the servlet default would open one and write nothing to it. */
  @Override
  protected void doHead(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Allow", "GET, POST, OPTIONS");
    Answers.problem(response, Problem.of(405, "Subscribe with GET, publish with POST."));
  }

  private void publish(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String type = request.getContentType();
    if (type == null || !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      throw new ProblemException(
          Problem.of(415, "Publish an update as an application/x-www-form-urlencoded form."));
    }
    Caller caller = callers.of(request);
    request.setCharacterEncoding("UTF-8");
    Update update = Update.of(request, maxTopics, maxData);
    for (String topic : update.topics()) {
      access.requirePublish(caller, topic);
    }
    limits.publish(caller);
    Event event =
        hub.publishUpdate(
            TopicNames.MERCURE,
            update.topics(),
            update.type(),
            update.data(),
            update.id(),
            update.isPrivate(),
            update.retry());
    byte[] id = event.id().getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.setContentType("text/plain;charset=UTF-8");
    response.setContentLength(id.length);
    response.getOutputStream().write(id);
  }

  private void subscribe(HttpServletRequest request, HttpServletResponse response) {
    Caller caller = callers.of(request);
    access.requireReader(caller);
    List<String> selectors = Update.topics(request.getParameterValues("topic"), maxTopics);
    String lastEventId = lastEventId(request);
    MercureReader reader =
        new MercureReader(
            Selections.of(selectors),
            caller.anonymous() ? null : Selections.of(caller.grant().subscribe()),
            access.streamEnd(caller, Instant.now()));
    if (lastEventId != null) {
      // the id before the first event sent: the one asked for if the log has it and this
      // subscriber may read it, else the start
      boolean exact =
          !Update.EARLIEST.equals(lastEventId)
              && hub.resumable(HUB_TOPIC, lastEventId, reader::mayRead);
      response.setHeader("Last-Event-ID", exact ? lastEventId : Update.EARLIEST);
    }
    Connection connection =
        active.connect(selectors, caller.anonymous() ? null : caller.grant().payload());
    subscriptions.open(
        HUB_TOPIC,
        lastEventId,
        caller,
        reader,
        request,
        response,
        connection == null ? null : connection::ended);
    if (connection != null) {
      connection.opened();
    }
  }

  /** The header wins over the query parameter, as the protocol says. */
  private static String lastEventId(HttpServletRequest request) {
    String id = request.getHeader("Last-Event-ID");
    if (id == null || id.isEmpty()) {
      id = request.getParameter("lastEventID");
    }
    if (id == null || id.isEmpty()) {
      return null;
    }
    String violation = SseFields.violation(id);
    if (violation != null) {
      throw ProblemException.invalidParameter("Last-Event-ID", "Last-Event-ID " + violation + ".");
    }
    return id;
  }

  private static void answering(HttpServletResponse response, Action action) throws IOException {
    try {
      action.run();
    } catch (Refusal refusal) {
      if (!response.isCommitted()) {
        // no reset: the CORS and security headers the filters set stay on the answer
        Answers.refusal(response, refusal);
      }
    } catch (ProblemException problem) {
      if (!response.isCommitted()) {
        // no reset: the CORS and security headers the filters set stay on the answer
        Answers.problem(response, problem);
      }
    }
  }

  private interface Action {
    void run() throws IOException;
  }
}
