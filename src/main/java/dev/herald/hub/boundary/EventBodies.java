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
   * The JSON event: an object with {@code data} and optionally string {@code type} and {@code id}
   * and boolean {@code private}.
   */
  static PublishedJson json(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JacksonException e) {
      throw new ProblemException(
          new Problem("urn:herald:problem:malformed-json", 400, "The body is not valid JSON."));
    } catch (IOException e) {
      throw new ProblemException(Problem.of(400, "The request body could not be read."));
    }
    if (root == null || !root.isObject()) {
      throw invalidBody("The body must be a JSON object with a \"data\" member.");
    }
    if (!root.has("data")) {
      throw invalidBody("The body lacks the \"data\" member.");
    }
    JsonNode isPrivate = root.get("private");
    if (isPrivate != null && !isPrivate.isBoolean() && !isPrivate.isNull()) {
      throw ProblemException.invalidParameter(
          "private", "An event's private must be true or false.");
    }
    return new PublishedJson(
        text(root, "type"),
        text(root, "id"),
        root.get("data"),
        isPrivate != null && isPrivate.booleanValue());
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

  private static ProblemException tooLarge(int max) {
    return new ProblemException(
        Problem.of(413, "The body is larger than " + max + " bytes.").with("maxBytes", max));
  }

  record PublishedJson(String type, String id, JsonNode data, boolean isPrivate) {}
}
