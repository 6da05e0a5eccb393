package dev.herald.hub.boundary;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.problem.Problem;
import dev.herald.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a published event's body, never more than the size limit, and maps its JSON. */
final class EventBodies {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private EventBodies() {}

  /** The body's bytes; 413 as soon as it is known to be over {@code max}. */
  static byte[] read(InputStream body, String contentLength, int max) {
    if (contentLength != null) {
      try {
        if (Long.parseLong(contentLength.trim()) > max) {
          throw tooLarge(max);
        }
      } catch (NumberFormatException e) {
        // the container rejects a bad Content-Length itself; count the bytes below anyway
      }
    }
    try {
      byte[] bytes = body.readNBytes(max + 1);
      if (bytes.length > max) {
        throw tooLarge(max);
      }
      return bytes;
    } catch (IOException e) {
      throw new ProblemException(Problem.of(400, "The request body could not be read."));
    }
  }

  static String text(byte[] body, Charset charset) {
    return new String(body, charset);
  }

  /**
   * The JSON event: an object with {@code data} and optionally string {@code type} and {@code id}.
   */
  static PublishedJson json(byte[] body) {
    return event(tree(body));
  }

  /** True when the body's JSON starts with '[': a batch. */
  static boolean startsArray(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return b == '[';
      }
    }
    return false;
  }

  /** The JSON root of a body: an object is one event, an array a batch. */
  static JsonNode tree(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JacksonException e) {
      throw malformed();
    } catch (IOException e) {
      throw new ProblemException(Problem.of(400, "The request body could not be read."));
    }
    return root;
  }

  /**
   * A batch from a JSON array: every element an event as {@link #json} reads one, none larger than
   * {@code maxEventBytes} as JSON text, 1 to {@code maxEvents} of them.
   */
  static List<PublishedJson> array(JsonNode root, int maxEventBytes, int maxEvents) {
    requireCount(root.size(), maxEvents);
    List<PublishedJson> events = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode element = root.get(i);
      try {
        if (element.toString().getBytes(StandardCharsets.UTF_8).length > maxEventBytes) {
          throw eventTooLarge(maxEventBytes);
        }
        events.add(event(element));
      } catch (ProblemException e) {
        throw e.at(i);
      }
    }
    return events;
  }

  /**
   * A batch from newline-delimited JSON: one event per non-blank line, as {@link #json} reads one,
   * each line at most {@code maxEventBytes}, 1 to {@code maxEvents} of them.
   */
  static List<PublishedJson> ndjson(byte[] body, int maxEventBytes, int maxEvents) {
    List<PublishedJson> events = new ArrayList<>();
    int start = 0;
    while (start <= body.length) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      int last = end > start && body[end - 1] == '\r' ? end - 1 : end;
      if (!blank(body, start, last)) {
        int index = events.size();
        if (index >= maxEvents) {
          requireCount(index + 1, maxEvents);
        }
        try {
          if (last - start > maxEventBytes) {
            throw eventTooLarge(maxEventBytes);
          }
          events.add(json(Arrays.copyOfRange(body, start, last)));
        } catch (ProblemException e) {
          throw e.at(index);
        }
      }
      start = end + 1;
    }
    requireCount(events.size(), maxEvents);
    return events;
  }

  private static boolean blank(byte[] body, int from, int to) {
    for (int i = from; i < to; i++) {
      if (body[i] != ' ' && body[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  private static void requireCount(int count, int maxEvents) {
    if (count < 1 || count > maxEvents) {
      throw invalidBody("A batch holds 1 to " + maxEvents + " events.").withBounds(1, maxEvents);
    }
  }

  private static PublishedJson event(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw invalidBody("The body must be a JSON object with a \"data\" member.");
    }
    if (!root.has("data")) {
      throw invalidBody("The body lacks the \"data\" member.");
    }
    return new PublishedJson(text(root, "type"), text(root, "id"), root.get("data"));
  }

  private static ProblemException malformed() {
    return new ProblemException(
        new Problem("urn:herald:problem:malformed-json", 400, "The body is not valid JSON."));
  }

  private static String text(JsonNode root, String member) {
    JsonNode value = root.get(member);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ProblemException.invalidParameter(
          member, "An event's " + member + " must be a string.");
    }
    return value.textValue();
  }

  private static ProblemException invalidBody(String detail) {
    return new ProblemException(new Problem("urn:herald:problem:invalid-body", 400, detail));
  }

  static ProblemException eventTooLarge(int max) {
    return new ProblemException(
        Problem.of(413, "An event is larger than " + max + " bytes.").with("maxBytes", max));
  }

  static ProblemException tooLarge(int max) {
    return new ProblemException(
        Problem.of(413, "The body is larger than " + max + " bytes.").with("maxBytes", max));
  }

  record PublishedJson(String type, String id, JsonNode data) {}
}
