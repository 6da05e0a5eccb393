package dev.herald.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a socket bound to a chosen loopback address (127.0.0.x: a client address of its
 * own), with pipelined requests: many requests arrive faster than one client could send them in
 * turn, as an abusive client's would.
 */
public final class PipelinedHttp implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final String host;

  public PipelinedHttp(String localAddress, URL base) throws IOException {
    socket = new Socket();
    socket.setSoTimeout(30_000);
    socket.bind(new InetSocketAddress(localAddress, 0));
    socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
    in = new BufferedInputStream(socket.getInputStream());
    host = base.getHost() + ":" + base.getPort();
  }

  public static String request(
      String method, String path, Map<String, String> headers, String body) {
    StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: HOST\r\n");
    headers.forEach(
        (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      request.append("Content-Length: ").append(bytes.length).append("\r\n");
    }
    return request.append("\r\n").append(body == null ? "" : body).toString();
  }

  /**
   * Sends every request at once, then reads as many answers, or those before the server closed the
   * connection (as it may after refusing a request whose body it did not read).
   */
  public List<Answer> pipeline(List<String> requests) throws IOException {
    StringBuilder all = new StringBuilder();
    requests.forEach(request -> all.append(request.replace("Host: HOST", "Host: " + host)));
    socket.getOutputStream().write(all.toString().getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    List<Answer> answers = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      try {
        answers.add(read(true));
      } catch (IOException closed) {
        if (answers.isEmpty()) {
          throw closed;
        }
        break;
      }
    }
    return answers;
  }

  /** Sends a request and reads only the status line and headers (such as a stream's). */
  public Answer head(String request) throws IOException {
    socket
        .getOutputStream()
        .write(request.replace("Host: HOST", "Host: " + host).getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    return read(false);
  }

  private Answer read(boolean withBody) throws IOException {
    String status = line();
    if (status == null) {
      throw new IOException("the server closed the connection");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); line != null && !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    String body = "";
    if (withBody) {
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line().trim(), 16);
            size > 0;
            size = Integer.parseInt(line().trim(), 16)) {
          out.write(in.readNBytes(size));
          line();
        }
        line();
        body = out.toString(StandardCharsets.UTF_8);
      } else if (headers.containsKey("content-length")) {
        body =
            new String(
                in.readNBytes(Integer.parseInt(headers.get("content-length"))),
                StandardCharsets.UTF_8);
      }
    }
    return new Answer(code, headers, body);
  }

  private String line() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(c);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  public record Answer(int status, Map<String, String> headers, String body) {}
}
