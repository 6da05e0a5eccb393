package dev.herald.auth.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.auth.control.Origins;
import dev.herald.config.Settings;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorsTest {

  static final String LISTED = "https://app.example.com";

  /** What the filter answered: its status (0: passed on), headers, and whether it passed on. */
  record Outcome(int status, Map<String, List<String>> headers, boolean passedOn, String body) {}

  static Outcome run(String method, String origin, boolean preflight) throws Exception {
    Origins origins = new Origins();
    Field settings = Origins.class.getDeclaredField("settings");
    settings.setAccessible(true);
    settings.set(
        origins,
        new Settings(Map.of("herald.cors.origins", LISTED + ", http://b.test")::get, n -> null));
    var configure = Origins.class.getDeclaredMethod("configure");
    configure.setAccessible(true);
    configure.invoke(origins);
    Cors cors = new Cors();
    cors.origins = origins;

    Map<String, String> requestHeaders = new HashMap<>();
    requestHeaders.put("Host", "herald.example.com");
    if (origin != null) {
      requestHeaders.put("Origin", origin);
    }
    if (preflight) {
      requestHeaders.put("Access-Control-Request-Method", "POST");
    }
    HttpServletRequest request =
        (HttpServletRequest)
            Proxy.newProxyInstance(
                CorsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, m, args) ->
                    switch (m.getName()) {
                      case "getHeader" -> requestHeaders.get((String) args[0]);
                      case "getMethod" -> method;
                      case "getScheme" -> "https";
                      default -> null;
                    });
    Map<String, List<String>> headers = new HashMap<>();
    int[] status = {0};
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    ServletOutputStream out =
        new ServletOutputStream() {
          @Override
          public boolean isReady() {
            return true;
          }

          @Override
          public void setWriteListener(WriteListener listener) {}

          @Override
          public void write(int b) {
            body.write(b);
          }
        };
    HttpServletResponse response =
        (HttpServletResponse)
            Proxy.newProxyInstance(
                CorsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, m, args) -> {
                  switch (m.getName()) {
                    case "setHeader" ->
                        headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                    case "addHeader" ->
                        headers
                            .computeIfAbsent((String) args[0], k -> new ArrayList<>())
                            .add((String) args[1]);
                    case "setStatus" -> status[0] = (int) args[0];
                    case "getOutputStream" -> {
                      return out;
                    }
                    default -> {}
                  }
                  return null;
                });
    boolean[] passed = {false};
    cors.doFilter(request, response, (req, res) -> passed[0] = true);
    return new Outcome(status[0], headers, passed[0], body.toString());
  }

  @ParameterizedTest(name = "{0} from {1}, preflight {2}")
  @CsvSource(
      nullValues = "none",
      value = {
        // method, origin, preflight, status, passed on, Allow-Origin
        "GET,    none,                       false, 0,   true,  none",
        "POST,   none,                       false, 0,   true,  none",
        "POST,   https://herald.example.com, false, 0,   true,  none",
        "GET,    https://app.example.com,    false, 0,   true,  https://app.example.com",
        "POST,   https://app.example.com,    false, 0,   true,  https://app.example.com",
        "OPTIONS, https://app.example.com,   true,  204, false, https://app.example.com",
        "OPTIONS, http://b.test,             true,  204, false, http://b.test",
        "GET,    https://evil.example,       false, 0,   true,  none",
        "POST,   https://evil.example,       false, 403, false, none",
        "DELETE, https://evil.example,       false, 403, false, none",
        "POST,   null,                       false, 403, false, none",
        "POST,   https://app.example.com.evil.example, false, 403, false, none",
        "POST,   http://app.example.com,     false, 403, false, none",
        "OPTIONS, https://evil.example,      true,  403, false, none",
      })
  void echoesOnlyListedOriginsAndRefusesForeignStateChanges(
      String method, String origin, boolean preflight, int status, boolean passedOn, String allowed)
      throws Exception {
    Outcome outcome = run(method, origin, preflight);
    assertThat(outcome.status()).isEqualTo(status);
    assertThat(outcome.passedOn()).isEqualTo(passedOn);
    assertThat(outcome.headers().get("Vary")).containsExactly("Origin");
    if (allowed == null) {
      assertThat(outcome.headers()).doesNotContainKey("Access-Control-Allow-Origin");
    } else {
      assertThat(outcome.headers().get("Access-Control-Allow-Origin")).containsExactly(allowed);
      assertThat(outcome.headers().get("Access-Control-Allow-Credentials")).containsExactly("true");
      assertThat(outcome.headers().get("Access-Control-Expose-Headers").get(0))
          .contains("Last-Event-ID");
    }
    if (preflight && status == 204) {
      assertThat(outcome.headers().get("Access-Control-Allow-Headers").get(0))
          .contains("Authorization", "Content-Type", "Last-Event-ID");
      assertThat(outcome.headers().get("Access-Control-Allow-Methods").get(0)).contains("POST");
    }
    if (status == 403) {
      assertThat(outcome.body()).contains("cors.origins");
    }
  }
}
