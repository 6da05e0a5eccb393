package dev.herald.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A raw HTTP event-stream client that parses exactly as the WHATWG EventSource rules say (lines end
 * with CRLF, LF or CR; "data" lines join with LF; one leading space after the colon is dropped;
 * comments are ignored), so ITs see what a browser sees.
 */
public final class SseStream implements AutoCloseable {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          // as EventSource over http://; the JDK client's default tries an h2c upgrade on each
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final HttpResponse<InputStream> response;
  private final BufferedReader reader;
  private final List<String> comments = new ArrayList<>();
  private boolean afterCarriageReturn;

  private SseStream(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
  }

  public static SseStream open(URI uri, Map<String, String> headers) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
    headers.forEach(request::header);
    try {
      return new SseStream(CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Sends {@code request} as it is, such as a POST that answers with a stream. */
  public static SseStream open(HttpRequest request) throws IOException {
    try {
      return new SseStream(CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  public static SseStream open(URI uri) throws IOException {
    return open(uri, Map.of());
  }

  public HttpResponse<InputStream> response() {
    return response;
  }

  public List<String> comments() {
    return comments;
  }

  /** The next dispatched event, or null at the end of the stream. */
  public SseEvent next() throws IOException {
    String id = null;
    String type = null;
    Long retry = null;
    StringBuilder data = null;
    String line;
    while ((line = readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return new SseEvent(
              id, type == null ? "message" : type, data.toString(), retry, System.nanoTime());
        }
        id = null;
        type = null;
        continue;
      }
      if (line.startsWith(":")) {
        comments.add(line.substring(1));
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> id = value;
        case "event" -> type = value;
        case "retry" -> retry = Long.parseLong(value);
        case "data" -> {
          if (data == null) {
            data = new StringBuilder(value);
          } else {
            data.append('\n').append(value);
          }
        }
        default -> {}
      }
    }
    return null;
  }

  /** Reads a line ended by CRLF, LF or CR, as the event-stream grammar allows. */
  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = reader.read()) != -1) {
      boolean lfOfCrLf = afterCarriageReturn && c == '\n';
      afterCarriageReturn = c == '\r';
      if (lfOfCrLf) {
        continue;
      }
      if (c == '\n' || c == '\r') {
        return line.toString();
      }
      line.append((char) c);
    }
    return line.isEmpty() ? null : line.toString();
  }

  /**
   * Closes the body first: the reader's lock is held by a thread blocked in a read, so closing the
   * reader alone waited for the server's next bytes (50 s on a stream without events).
   */
  @Override
  public void close() throws IOException {
    response.body().close();
    reader.close();
  }
}
