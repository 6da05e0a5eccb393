package dev.herald.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.ItTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

class ConsolePageIT extends BrowserPages {

  private static final String TOPIC = "console-page-it";

  @Test
  void receivesWhatItsFormAndTheApiPublishAndShowsTheServersErrors() throws Exception {
    var driver = browser.driver();
    driver.get(base + "console.html");
    setValue(By.id("topics"), TOPIC);
    driver.findElement(By.id("subscribe")).click();
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "open".equals(text(By.id("connection"))));

    setValue(By.id("publish-topic"), TOPIC);
    setValue(By.id("publish-data"), "{\"from\": \"the form\", \"text\": \"你好 👋\"}");
    driver.findElement(By.id("publish")).click();
    WebElement fromForm = awaitRow("the form");
    assertThat(fromForm.getText()).contains("你好 👋");

    HttpResponse<String> published =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "api/topics/" + TOPIC + "/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"from\":\"the API\"}}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(published.statusCode()).isEqualTo(201);
    awaitRow("the API");

    setValue(By.id("publish-data"), "{\"from\": ");
    driver.findElement(By.id("publish")).click();
    browser
        .waitUpTo(Duration.ofSeconds(5))
        .until(d -> text(By.id("publish-error")).startsWith("400"));

    new Select(driver.findElement(By.id("publish-format"))).selectByValue("text");
    setValue(By.id("publish-type"), "t".repeat(300));
    setValue(By.id("publish-data"), "plain text");
    driver.findElement(By.id("publish")).click();
    browser
        .waitUpTo(Duration.ofSeconds(5))
        .until(d -> text(By.id("publish-error")).contains("type"));

    browser
        .waitUpTo(Duration.ofSeconds(6))
        .until(
            d -> {
              // the row appears with the table's next refresh: no cells before that
              List<String> cells =
                  d
                      .findElements(
                          By.cssSelector("#topic-table tr[data-topic='" + TOPIC + "'] td"))
                      .stream()
                      .map(WebElement::getText)
                      .toList();
              return cells.size() >= 2 && cells.subList(0, 2).equals(List.of(TOPIC, "1"));
            });

    // Chrome reports each answered-with-4xx request as a console error: exactly our two bad ones
    assertThat(driver.findElement(By.id("node-line")).isDisplayed())
        .as("the node named in the stream's Herald-Node header is shown")
        .isTrue();
    assertThat(text(By.id("node-line"))).isNotBlank();
    // Chrome reports each answered-with-4xx request as a console error: exactly our two bad ones
    assertThat(browser.consoleErrors())
        .hasSize(2)
        .allSatisfy(error -> assertThat(error).contains("status of 400"));
    browser.screenshot("console");
  }

  @Test
  void listsAnEventWhoseTypeItWasNeverTold() throws Exception {
    browser.driver().get(base + "console.html");
    String topic = "console-types-it";
    subscribe(topic, "");

    publish(topic, "{\"type\":\"never-named\",\"data\":{\"surprise\":true}}");

    WebElement row = awaitRow(topic, r -> r.getText().contains("surprise"));
    assertThat(row.getAttribute("data-type")).isEqualTo("never-named");
    assertThat(row.getAttribute("class")).doesNotContain("replayed");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void resumesFromAnIdMarkingTheReplayAndShowsTheHubsReset() throws Exception {
    String topic = "console-resume-it";
    String first = publish(topic, "{\"data\":\"one\"}");
    publish(topic, "{\"type\":\"second\",\"data\":\"two\"}");
    publish(topic, "{\"data\":\"three\"}");

    browser.driver().get(base + "console.html");
    subscribe(topic, first);
    WebElement three = awaitRow(topic, r -> r.getText().contains("\"three\""));
    assertThat(three.getAttribute("class")).contains("replayed");
    assertThat(awaitRow(topic, r -> r.getText().contains("\"two\"")).getText())
        .contains("replayed");
    assertThat(rows(topic).stream().filter(r -> r.getText().contains("\"one\"")))
        .as("the id resumed from is not replayed")
        .isEmpty();
    publish(topic, "{\"data\":\"four\"}");
    WebElement four = awaitRow(topic, r -> r.getText().contains("\"four\""));
    assertThat(four.getAttribute("class")).as("live, not replayed").doesNotContain("replayed");

    browser.driver().findElement(By.id("unsubscribe")).click();
    subscribe(topic, "no-such-id");
    WebElement reset = awaitRow(topic, r -> "herald-reset".equals(r.getAttribute("data-type")));
    assertThat(reset.getText()).contains("no-such-id").contains("unknown");
    browser
        .waitUpTo(Duration.ofSeconds(10))
        .until(
            d ->
                rows(topic).stream()
                        .filter(r -> r.getAttribute("class").contains("replayed"))
                        .count()
                    == 2 + 4);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void isUsableByKeyboard() throws Exception {
    browser.driver().get(base + "console.html");
    String topic = "console-keys-it";
    tabTo("topics", 20);
    replaceWith(topic);
    tabTo("resume-from", 1);
    tabTo("subscribe", 1);
    press(Keys.ENTER);
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "open".equals(text(By.id("connection"))));

    tabTo("publish-topic", 30);
    replaceWith(topic);
    tabTo("publish-data", 3);
    replaceWith("{\"typed\": \"by keys\"}");
    tabTo("publish", 1);
    press(Keys.ENTER);
    awaitRow(topic, r -> r.getText().contains("by keys"));
    tabTo("log-region", 10);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void isReadableOnAPhone() throws Exception {
    publish("console-phone-it", "{\"data\":{\"a fairly long field name\":\"and a value\"}}");
    checkOnPhone(
        base + "console.html",
        "console",
        () -> {
          try {
            subscribe("console-phone-it", "0");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          awaitRow("console-phone-it", r -> r.getText().contains("and a value"));
          script("document.getElementById('log-title').scrollIntoView()");
        });
    assertThat(browser.consoleErrors()).isEmpty();
  }

  /**
   * A token pasted into the field becomes the page's cookie: its stream gets the private events its
   * selectors match, and a publish outside its selectors is shown as the 403 it is. Forgetting the
   * token leaves the page anonymous again (the other test runs without one).
   */
  @Test
  void aTokenInTheFieldReadsPrivateEventsAndItsRefusalsArePlain() throws Exception {
    var driver = browser.driver();
    String topic = "console-private-it";
    String token =
        ItTokens.sign(ItTokens.claims(List.of("nowhere"), List.of("console-private-{x}")).build());
    driver.get(base + "console.html");
    try {
      setValue(By.id("token"), token);
      driver.findElement(By.id("token-use")).click();
      browser
          .waitUpTo(Duration.ofSeconds(5))
          .until(
              d -> text(By.id("token-state")).contains("private events of: console-private-{x}"));
      assertThat(driver.manage().getCookieNamed("herald_token"))
          .as("HttpOnly: not for the page's script, and not on the page's path")
          .isNull();

      setValue(By.id("topics"), topic);
      driver.findElement(By.id("subscribe")).click();
      browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "open".equals(text(By.id("connection"))));
      HttpResponse<String> published =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "api/topics/" + topic + "/events"))
                      .header("Content-Type", "application/json")
                      .header("Authorization", "Bearer " + ItTokens.token(List.of("*"), List.of()))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"data\":{\"secret\":\"for the token\"},\"private\":true}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(published.statusCode()).isEqualTo(201);
      browser
          .waitUpTo(Duration.ofSeconds(10))
          .until(
              d ->
                  d.findElements(By.cssSelector("#log tr[data-topic='" + topic + "']")).stream()
                      .anyMatch(row -> row.getText().contains("for the token")));

      setValue(By.id("publish-topic"), topic);
      setValue(By.id("publish-data"), "1");
      driver.findElement(By.id("publish")).click();
      browser
          .waitUpTo(Duration.ofSeconds(5))
          .until(
              d ->
                  text(By.id("publish-error")).startsWith("403: The token has no mercure.publish"));

      setValue(By.id("token"), token + "x");
      driver.findElement(By.id("token-use")).click();
      browser
          .waitUpTo(Duration.ofSeconds(5))
          .until(d -> text(By.id("token-state")).equals("401: The token is not valid."));
      browser.screenshot("console-token");
    } finally {
      driver.findElement(By.id("unsubscribe")).click();
      driver.findElement(By.id("token-clear")).click();
      browser
          .waitUpTo(Duration.ofSeconds(5))
          .until(d -> text(By.id("token-state")).equals("no token"));
      assertThat(browser.consoleErrors())
          .as("the two refusals the test asked for")
          .hasSize(2)
          .anySatisfy(error -> assertThat(error).contains("status of 403"))
          .anySatisfy(error -> assertThat(error).contains("status of 401"));
    }
  }

  private void subscribe(String topic, String resumeFrom) {
    var driver = browser.driver();
    setValue(By.id("topics"), topic);
    setValue(By.id("resume-from"), resumeFrom);
    driver.findElement(By.id("subscribe")).click();
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "open".equals(text(By.id("connection"))));
  }

  private String publish(String topic, String json) throws Exception {
    HttpResponse<String> published =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "api/topics/" + topic + "/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(published.statusCode()).isEqualTo(201);
    return published.body().replaceFirst("^\\{\"id\":\"([^\"]+)\".*$", "$1");
  }

  private static List<WebElement> rows(String topic) {
    return browser.driver().findElements(By.cssSelector("#log tr[data-topic='" + topic + "']"));
  }

  private static WebElement awaitRow(String topic, Predicate<WebElement> matching) {
    return browser
        .waitUpTo(Duration.ofSeconds(10))
        .withMessage(
            () ->
                "rows of "
                    + topic
                    + ": "
                    + browser.driver().findElements(By.cssSelector("#log tr")).stream()
                        .map(WebElement::getText)
                        .toList()
                    + "; connection "
                    + text(By.id("connection"))
                    + "; publish-topic "
                    + browser.driver().findElement(By.id("publish-topic")).getAttribute("value")
                    + "; topics "
                    + browser.driver().findElement(By.id("topics")).getAttribute("value")
                    + "; published "
                    + text(By.id("publish-result"))
                    + text(By.id("publish-error")))
        .until(d -> rows(topic).stream().filter(matching).findFirst().orElse(null));
  }

  private WebElement awaitRow(String containing) {
    return browser
        .waitUpTo(Duration.ofSeconds(10))
        .until(
            d ->
                d.findElements(By.cssSelector("#log tr[data-topic='" + TOPIC + "']")).stream()
                    .filter(row -> row.getText().contains(containing))
                    .findFirst()
                    .orElse(null));
  }
}
