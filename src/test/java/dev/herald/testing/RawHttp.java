package dev.herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request written byte for byte on its own connection, as no HTTP client would send it, and the
 * answer as it came: for what a server does with malformed requests.
 */
public final class RawHttp {

  private static final int MAX_ANSWER = 1 << 20;

  private RawHttp() {}

  /** What came back; {@code status} is -1 if no status line arrived. */
  public record Answer(
      int status, Map<String, List<String>> headers, byte[] body, boolean stream, String failure) {

    public String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends {@code request} and reads until the server closes the connection, or only the head of an
   * event stream (which stays open), within {@code timeoutMillis} per read.
   */
  public static Answer exchange(String host, int port, byte[] request, int timeoutMillis) {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    String failure = null;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
      } catch (IOException refusedMidway) {
        // a server may answer and close before it read the whole request: read what it said
      }
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) != -1) {
        received.write(buffer, 0, n);
        if (isEventStreamHead(received.toByteArray()) || received.size() > MAX_ANSWER) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      failure = "no answer within " + timeoutMillis + " ms";
    } catch (SocketException e) {
      failure = received.size() == 0 ? "reset: " + e.getMessage() : null;
    } catch (IOException e) {
      failure = e.toString();
    }
    Answer answer = parse(received.toByteArray());
    if (failure != null && !answer.stream()) {
      return new Answer(answer.status(), answer.headers(), answer.body(), false, failure);
    }
    return answer;
  }

  private static boolean isEventStreamHead(byte[] bytes) {
    int end = headEnd(bytes);
    return end > 0
        && new String(bytes, 0, end, StandardCharsets.ISO_8859_1)
            .toLowerCase(Locale.ROOT)
            .contains("content-type: text/event-stream");
  }

  private static int headEnd(byte[] bytes) {
    for (int i = 0; i + 3 < bytes.length; i++) {
      if (bytes[i] == '\r'
          && bytes[i + 1] == '\n'
          && bytes[i + 2] == '\r'
          && bytes[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** An answer from its bytes: head, then the body, de-chunked. */
  public static Answer parse(byte[] bytes) {
    int end = headEnd(bytes);
    if (end < 0) {
      return new Answer(-1, Map.of(), bytes, false, bytes.length == 0 ? "no answer" : "no head");
    }
    String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    int status =
        statusLine.length > 1 && statusLine[1].matches("\\d{3}")
            ? Integer.parseInt(statusLine[1])
            : -1;
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(
                lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
    List<String> encoding = headers.get("transfer-encoding");
    if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
      body = dechunk(body);
    }
    List<String> type = headers.get("content-type");
    boolean stream =
        type != null && type.get(0).toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    return new Answer(status, headers, body, stream, null);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < chunked.length) {
      int lineEnd = at;
      while (lineEnd + 1 < chunked.length
          && !(chunked[lineEnd] == '\r' && chunked[lineEnd + 1] == '\n')) {
        lineEnd++;
      }
      String sizeText =
          new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int size;
      try {
        size = Integer.parseInt(sizeText, 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (size == 0) {
        break;
      }
      int start = lineEnd + 2;
      out.write(chunked, start, Math.min(size, chunked.length - start));
      at = start + size + 2;
    }
    return out.toByteArray();
  }
}
