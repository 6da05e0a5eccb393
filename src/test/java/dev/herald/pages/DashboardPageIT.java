package dev.herald.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

class DashboardPageIT extends BrowserPages {

  private static final String[] CHARTS = {
    "heap-chart", "threads-chart", "cpu-chart", "connections-chart"
  };
  private static final String TIME = "\\d{1,2}:\\d{2}:\\d{2}( [AP]M)?";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The feed publishes every 2 s from deployment on: wait until the hub holds ten readings. */
  @BeforeEach
  void letTheHubRetainTenReadings() {
    browser.waitUpTo(Duration.ofSeconds(60)).until(d -> jvmTopic().path("retained").asInt() >= 10);
  }

  @Test
  void fillsEveryChartAtOnceFromWhatTheHubRetainedThenMovesLive() throws Exception {
    var driver = browser.driver();
    int retained = jvmTopic().path("retained").asInt();
    driver.get(base + "dashboard.html");

    browser
        .waitUpTo(Duration.ofSeconds(3))
        .until(d -> allCharts(points -> points >= Math.max(10, Math.min(retained, 900))));

    for (String chart : CHARTS) {
      assertThat(driver.findElements(By.cssSelector("#" + chart + " .plot canvas")))
          .as("%s is drawn by uPlot", chart)
          .isNotEmpty();
    }
    assertThat(text(By.cssSelector("#heap-chart .current")))
        .matches("used \\d+\\.\\d MiB · committed \\d+\\.\\d MiB");
    assertThat(text(By.cssSelector("#cpu-chart h2"))).contains("%");
    assertThat(text(By.cssSelector("#threads-chart .readout")))
        .matches("latest: " + TIME + " · live \\d+ threads");
    assertThat(driver.findElement(By.id("connection")).getText()).isEqualTo("open");

    int before = points("heap-chart");
    browser.waitUpTo(Duration.ofSeconds(6)).until(d -> allCharts(points -> points > before));
    assertThat(text(By.cssSelector("#connections-chart .current")))
        .as("a live reading counts this page's own stream")
        .matches("open [1-9]\\d* connections");
    assertThat(browser.consoleErrors()).isEmpty();
    browser.screenshot("dashboard");
  }

  @Test
  void readsOutTheValuesUnderThePointer() {
    var driver = browser.driver();
    driver.get(base + "dashboard.html");
    browser.waitUpTo(Duration.ofSeconds(3)).until(d -> allCharts(points -> points >= 10));
    assertThat(text(By.cssSelector("#heap-chart .readout"))).startsWith("latest: ");

    // uPlot's overlay over the plotting area, between the axes
    WebElement area = driver.findElement(By.cssSelector("#heap-chart .u-over"));
    new Actions(driver).moveToElement(area, -area.getSize().getWidth() / 4, 0).perform();

    browser
        .waitUpTo(Duration.ofSeconds(2))
        .until(d -> !text(By.cssSelector("#heap-chart .readout")).startsWith("latest"));
    assertThat(text(By.cssSelector("#heap-chart .readout")))
        .matches(TIME + " · used \\d+\\.\\d MiB · committed \\d+\\.\\d MiB");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void isUsableByKeyboard() {
    var driver = browser.driver();
    driver.get(base + "dashboard.html");
    browser.waitUpTo(Duration.ofSeconds(3)).until(d -> allCharts(points -> points >= 10));

    tabTo("pause", 20);
    press(Keys.ENTER);
    assertThat(driver.findElement(By.id("pause")).getAttribute("aria-pressed")).isEqualTo("true");
    press(Keys.SPACE);
    assertThat(driver.findElement(By.id("pause")).getAttribute("aria-pressed")).isEqualTo("false");

    tabTo("heap-chart", 1);
    String newest = text(By.cssSelector("#heap-chart .readout"));
    assertThat(newest).as("focus shows the newest reading").matches(TIME + " · used .*");
    press(Keys.HOME);
    String oldest = text(By.cssSelector("#heap-chart .readout"));
    assertThat(oldest).matches(TIME + " · used .*").isNotEqualTo(newest);
    press(Keys.ARROW_RIGHT);
    String second = text(By.cssSelector("#heap-chart .readout"));
    assertThat(second).matches(TIME + " · used .*").isNotEqualTo(oldest);
    press(Keys.END);
    assertThat(text(By.cssSelector("#heap-chart .readout"))).isNotEqualTo(second);

    tabTo("threads-chart", 1);
    assertThat(text(By.cssSelector("#threads-chart .readout")))
        .matches(TIME + " · live \\d+ threads");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void pausesAndResumesWithoutLosingReadings() {
    var driver = browser.driver();
    driver.get(base + "dashboard.html");
    browser.waitUpTo(Duration.ofSeconds(3)).until(d -> allCharts(points -> points >= 10));

    driver.findElement(By.id("pause")).click();
    assertThat(driver.findElement(By.id("pause")).getText()).isEqualTo("Resume");
    int paused = points("heap-chart");
    int received = received("heap-chart");
    browser.waitUpTo(Duration.ofSeconds(6)).until(d -> received("heap-chart") > received);
    assertThat(points("heap-chart"))
        .as("paused, a new reading is kept, not drawn")
        .isEqualTo(paused);

    driver.findElement(By.id("pause")).click();
    browser.waitUpTo(Duration.ofSeconds(2)).until(d -> allCharts(points -> points > paused));
    assertThat(driver.findElement(By.id("pause")).getAttribute("aria-pressed")).isEqualTo("false");
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void isReadableOnAPhone() throws Exception {
    checkOnPhone(
        base + "dashboard.html",
        "dashboard",
        () ->
            browser.waitUpTo(Duration.ofSeconds(3)).until(d -> allCharts(points -> points >= 10)));
    assertThat(browser.consoleErrors()).isEmpty();
  }

  private static boolean allCharts(Predicate<Integer> points) {
    for (String chart : CHARTS) {
      if (!points.test(points(chart))) {
        return false;
      }
    }
    return true;
  }

  private static int received(String chart) {
    return Integer.parseInt(
        browser.driver().findElement(By.id(chart)).getAttribute("data-received"));
  }

  private static int points(String chart) {
    return Integer.parseInt(browser.driver().findElement(By.id(chart)).getAttribute("data-points"));
  }

  private JsonNode jvmTopic() {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(base + "api/topics/jvm")).build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? JSON.readTree(response.body())
          : JSON.createObjectNode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
