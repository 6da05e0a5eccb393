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
      if (parser.nextToken() != JsonToken.START_OBJECT) {
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
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
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
    } catch (JacksonException e) {
      throw malformed();
    } catch (IOException e) {
      throw new ProblemException(Problem.of(400, "The request body could not be read."));
    }
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

  private static ProblemException tooLarge(int max) {
    return new ProblemException(
        Problem.of(413, "The body is larger than " + max + " bytes.").with("maxBytes", max));
  }

  /** A JSON event: its type and id as given (null if absent), its data as compact JSON text. */
  record PublishedJson(String type, String id, String data, boolean isPrivate) {}
}
