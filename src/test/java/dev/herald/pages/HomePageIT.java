package dev.herald.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

class HomePageIT extends BrowserPages {

  @Test
  void startsTheCountdownWhenThePageOpens() throws Exception {
    browser.driver().get(base.toString());

    // the default interval is 2 s: the first event comes at once, the second 2 s later
    browser.waitUpTo(Duration.ofSeconds(5)).until(d -> items().size() >= 1);
    assertThat(items().get(0).getText())
        .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} — count 1");
    assertThat(state()).isEqualTo("open");
    assertThat(browser.driver().findElement(By.id("start")).isEnabled())
        .as("Start starts over")
        .isTrue();
    assertThat(browser.driver().findElement(By.id("stop")).isEnabled()).isTrue();
    assertThat(browser.consoleErrors()).isEmpty();
    browser.screenshot("home");
  }

  @Test
  @SuppressWarnings("unchecked")
  void showsCountdownEventsAsTheyArriveAndStopsAtTheEndWithoutReconnecting() throws Exception {
    var driver = browser.driver();
    driver.get(base.toString());
    setValue(driver.findElement(By.id("count")), "3");
    setValue(driver.findElement(By.id("interval")), "500");
    // watching and starting in one script: no event of the countdown that the page began on
    // opening can slip in between
    script(
        "window.shownAt = [];"
            + "new MutationObserver(records => records.forEach(r => r.addedNodes.forEach("
            + " () => window.shownAt.push(performance.now()))))"
            + ".observe(document.getElementById('events'), {childList: true});"
            + "document.getElementById('start').click();");

    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "done".equals(state()));
    assertThat(items()).hasSize(3);
    List<Number> shownAt = (List<Number>) script("return window.shownAt");
    assertThat(shownAt).as("one DOM change per event, each when it arrived").hasSize(3);
    // a buffered stream would show all three within milliseconds; a busy browser may delay one
    assertThat(shownAt.get(2).doubleValue() - shownAt.get(0).doubleValue()).isGreaterThan(400);
    assertThat(items().get(2).getText())
        .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} — count 3");

    Thread.sleep(1500); // long enough for a reconnect (retry is the 400 ms interval) to show
    assertThat(items()).hasSize(3);
    assertThat(clockRequests())
        .as("the countdown of the page's opening and the one Start began, no reconnect")
        .isEqualTo(2);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void isUsableByKeyboard() {
    browser.driver().get(base.toString());
    browser.waitUpTo(Duration.ofSeconds(5)).until(d -> "open".equals(state()));

    List<String> visited = tabTo("stop", 20);
    assertThat(visited).as("the navigation and the form come first").contains("count", "interval");
    press(Keys.ENTER);
    browser.waitUpTo(Duration.ofSeconds(5)).until(d -> "stopped".equals(state()));

    assertThat(focusedId())
        .as("the focus moves from Stop, now disabled, to Start")
        .isEqualTo("start");
    press(Keys.ENTER);
    browser
        .waitUpTo(Duration.ofSeconds(5))
        .until(d -> "open".equals(state()) && items().size() >= 1);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void isReadableOnAPhone() throws Exception {
    checkOnPhone(
        base.toString(),
        "home",
        () -> browser.waitUpTo(Duration.ofSeconds(5)).until(d -> items().size() >= 1));
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void servesThePagesUnderAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base.toString())).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
    assertThat(page.body()).doesNotContain("<script>").doesNotContain("onclick=");
  }

  private List<WebElement> items() {
    return browser.driver().findElements(By.cssSelector("#events li"));
  }

  private String state() {
    return browser.driver().findElement(By.id("state")).getText();
  }

  private long clockRequests() {
    return (Long)
        script(
            "return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('api/clock')).length");
  }

  private static void setValue(WebElement input, String value) {
    input.clear();
    input.sendKeys(value);
  }
}
