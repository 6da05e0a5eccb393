package dev.herald.broadcast.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.problem.ProblemException;
import jakarta.ws.rs.core.MediaType;

/**
 * An event's data as the text the hub encodes once: JSON by Jackson for a JSON media type, else the
 * data's {@code toString()}. A {@code String} is taken as it is either way, as Jersey writes one.
 */
public final class EventText {

  private static final ObjectMapper JSON = new ObjectMapper();

  private EventText() {}

  public static String of(Object data, MediaType type) {
    if (data == null) {
      throw ProblemException.invalidParameter("data", "An event needs data.");
    }
    if (data instanceof String text) {
      return text;
    }
    return isJson(type) ? json(data) : data.toString();
  }

  public static String json(Object data) {
    if (data instanceof String text) {
      return text;
    }
    if (data instanceof JsonNode node) {
      return node.toString();
    }
    try {
      return JSON.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "The event's data cannot be written as JSON: " + data.getClass().getName(), e);
    }
  }

  static boolean isJson(MediaType type) {
    return type != null
        && "application".equalsIgnoreCase(type.getType())
        && ("json".equalsIgnoreCase(type.getSubtype())
            || type.getSubtype().toLowerCase(java.util.Locale.ROOT).endsWith("+json"));
  }
}
