package dev.herald.mercure.boundary;

import dev.herald.auth.control.Refusal;
import dev.herald.problem.Problem;
import dev.herald.problem.ProblemException;
import dev.herald.sse.SseFields;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * A Mercure update as its publisher posted it, checked: its topics (the canonical one first), its
 * data, whether it is private, the id, type and reconnection time it asks for (null for none).
 */
record Update(
    List<String> topics, String data, boolean isPrivate, String id, String type, Long retry) {

  static final String RESERVED = "/.well-known/mercure";
  static final String EARLIEST = "earliest";
  static final int MAX_TOPIC_LENGTH = 2048;
  static final long MAX_RETRY = 86_400_000;

  /**
   * The update of a form; 400 for a field that is missing or malformed, 403 for a reserved topic.
   */
  static Update of(HttpServletRequest form, int maxTopics, int maxData) {
    List<String> topics = topics(form.getParameterValues("topic"), maxTopics);
    for (String topic : topics) {
      if (topic.contains(RESERVED)) {
        throw Refusal.forbidden(
                "reserved_topic", "Topics under " + RESERVED + " are the hub's own.")
            .with("topic", topic);
      }
    }
    String data = form.getParameter("data");
    if (data == null) {
      data = "";
    }
    if (data.length() > maxData) {
      throw new ProblemException(
          Problem.of(413, "The data is longer than " + maxData + " characters.")
              .with("maxLength", maxData));
    }
    if (data.indexOf('\0') >= 0 || SseFields.hasLoneSurrogate(data)) {
      throw ProblemException.invalidParameter(
          "data", "The data must be Unicode text without NUL characters.");
    }
    String id = field(form, "id");
    if (EARLIEST.equals(id)) {
      throw ProblemException.invalidParameter(
          "id", "The id earliest is reserved: subscribers resume from it to get every update.");
    }
    return new Update(
        topics,
        data,
        form.getParameter("private") != null,
        id,
        field(form, "type"),
        retry(form.getParameter("retry")));
  }

  /** Selectors or topics, 1 to {@code max}, each 1 to 2048 characters without control ones. */
  static List<String> topics(String[] values, int max) {
    if (values == null || values.length == 0 || values.length > max) {
      throw ProblemException.invalidParameter(
              "topic", "Name 1 to " + max + " topics, each as a topic parameter.")
          .withBounds(1, max);
    }
    for (String topic : values) {
      if (topic.isEmpty()
          || topic.length() > MAX_TOPIC_LENGTH
          || topic.chars().anyMatch(Character::isISOControl)
          || SseFields.hasLoneSurrogate(topic)) {
        throw ProblemException.invalidParameter(
            "topic",
            "A topic is 1 to " + MAX_TOPIC_LENGTH + " characters, with no control characters.");
      }
    }
    return List.of(values);
  }

  /** An SSE field: absent or empty is none; CR, LF, NUL and other control characters are 400. */
  private static String field(HttpServletRequest form, String name) {
    String value = form.getParameter(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    String violation = SseFields.violation(value);
    if (violation != null) {
      throw ProblemException.invalidParameter(name, "The " + name + " " + violation + ".");
    }
    return value;
  }

  private static Long retry(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      long millis = Long.parseLong(value);
      if (millis >= 0 && millis <= MAX_RETRY) {
        return millis;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ProblemException.invalidParameter(
            "retry", "The retry is a whole number of milliseconds, 0 to " + MAX_RETRY + ".")
        .withBounds(0, MAX_RETRY);
  }
}
