package dev.herald.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.ItTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
    assertThat(browser.consoleErrors())
        .hasSize(2)
        .allSatisfy(error -> assertThat(error).contains("status of 400"));
    browser.screenshot("console");
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
