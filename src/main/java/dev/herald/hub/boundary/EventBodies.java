package dev.herald.hub.boundary;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.herald.problem.Problem;
import dev.herald.problem.ProblemException;
import dev.herald.sse.SseFields;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a published event's body, never more than the size limit, into the exact text subscribers
 * get: the publisher's text as sent, or its JSON {@code data} compacted with every number as
 * written (a double would turn {@code 1e999999} into {@code Infinity} and round long decimals).
 */
final class EventBodies {

  private static final JsonFactory JSON = new JsonFactory();

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

  /**
   * The body as text in {@code charset}; bytes that are not text in it are refused, not replaced.
   */
  static String text(byte[] body, Charset charset) {
    try {
      return charset
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalidBody("The body is not valid " + charset.name() + " text.");
    }
  }

  /**
   * The JSON event: an object with {@code data} and optionally string {@code type} and {@code id}
   * and boolean {@code private}. Other members are ignored; the last of repeated members counts.
   */
  static PublishedJson json(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      PublishedJson event = event(parser, parser.nextToken());
      if (parser.nextToken() != null) {
        throw malformed();
      }
      return event;
    } catch (JacksonException e) {
      throw malformed();
    } catch (IOException e) {
      throw new ProblemException(Problem.of(400, "The request body could not be read."));
    }
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

  /**
   * A batch from a JSON array: every element an event as {@link #json} reads one, none larger than
   * {@code maxEventBytes} as JSON text, 1 to {@code maxEvents} of them.
   */
  static List<PublishedJson> array(byte[] body, int maxEventBytes, int maxEvents) {
    List<PublishedJson> events = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw malformed();
      }
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          throw malformed();
        }
        int index = events.size();
        if (index >= maxEvents) {
          requireCount(index + 1, maxEvents);
        }
        long start = parser.currentTokenLocation().getByteOffset();
        try {
          PublishedJson event = event(parser, token);
          if (parser.currentLocation().getByteOffset() - start > maxEventBytes) {
            throw eventTooLarge(maxEventBytes);
          }
          events.add(event);
        } catch (ProblemException e) {
          throw e.at(index);
        }
      }
      if (parser.nextToken() != null) {
        throw malformed();
      }
    } catch (JacksonException e) {
      throw malformed();
    } catch (IOException e) {
      throw new ProblemException(Problem.of(400, "The request body could not be read."));
    }
    requireCount(events.size(), maxEvents);
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

  /** The event object whose first token is {@code first}; the parser ends on its last token. */
  private static PublishedJson event(JsonParser parser, JsonToken first) throws IOException {
    if (first != JsonToken.START_OBJECT) {
      parser.skipChildren();
      throw invalidBody("The body must be a JSON object with a \"data\" member.");
    }
    String type = null;
    String id = null;
    String data = null;
    boolean isPrivate = false;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String member = parser.currentName();
      if (parser.nextToken() == null) {
        throw malformed();
      }
      switch (member) {
        case "data" -> data = compact(parser);
        case "type" -> type = text(parser, member);
        case "id" -> id = text(parser, member);
        case "private" -> isPrivate = flag(parser);
        default -> parser.skipChildren();
      }
    }
    if (parser.currentToken() != JsonToken.END_OBJECT) {
      throw malformed();
    }
    if (data == null) {
      throw invalidBody("The body lacks the \"data\" member.");
    }
    if (SseFields.hasLoneSurrogate(data)) {
      throw invalidBody(
          "The data has a lone UTF-16 surrogate (such as \\ud800), which UTF-8 cannot encode.");
    }
    return new PublishedJson(type, id, data, isPrivate);
  }

  /** The value at the parser, written without whitespace, numbers and strings as they were. */
  private static String compact(JsonParser parser) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(out)) {
      int depth = 0;
      do {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
          // the parser has checked the number's grammar; its text is the publisher's
          generator.writeNumber(parser.getText());
        } else {
          generator.copyCurrentEvent(parser);
        }
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        }
      } while (depth > 0 && parser.nextToken() != null);
      if (depth > 0) {
        throw malformed();
      }
    }
    return out.toString();
  }

  private static boolean flag(JsonParser parser) throws IOException {
    return switch (parser.currentToken()) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE, VALUE_NULL -> false;
      default -> {
        parser.skipChildren();
        throw ProblemException.invalidParameter(
            "private", "An event's private must be true or false.");
      }
    };
  }

  private static String text(JsonParser parser, String member) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    if (token != JsonToken.VALUE_STRING) {
      parser.skipChildren();
      throw ProblemException.invalidParameter(
          member, "An event's " + member + " must be a string.");
    }
    return parser.getText();
  }

  private static ProblemException malformed() {
    return new ProblemException(
        new Problem("urn:herald:problem:malformed-json", 400, "The body is not valid JSON."));
  }

  private static ProblemException invalidBody(String detail) {
    return new ProblemException(new Problem("urn:herald:problem:invalid-body", 400, detail));
  }

  private static ProblemException eventTooLarge(int max) {
    return new ProblemException(
        Problem.of(413, "An event is larger than " + max + " bytes.").with("maxBytes", max));
  }

  static ProblemException tooLarge(int max) {
    return new ProblemException(
        Problem.of(413, "The body is larger than " + max + " bytes.").with("maxBytes", max));
  }

  /** A JSON event: its type and id as given (null if absent), its data as compact JSON text. */
  record PublishedJson(String type, String id, String data, boolean isPrivate) {}
}
