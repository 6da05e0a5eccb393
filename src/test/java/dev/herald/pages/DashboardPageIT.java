package dev.herald.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

class DashboardPageIT extends BrowserPages {

  private static final String[] CHARTS = {
    "heap-chart", "threads-chart", "cpu-chart", "connections-chart"
  };

  @Test
  void drawsEveryChartFromTheJvmFeedAsEventsArrive() throws Exception {
    var driver = browser.driver();
    driver.get(base + "dashboard.html");

    browser
        .waitUpTo(Duration.ofSeconds(15))
        .until(
            d -> {
              for (String chart : CHARTS) {
                String points = d.findElement(By.id(chart)).getAttribute("data-points");
                if (Integer.parseInt(points) < 2) {
                  return false;
                }
              }
              return true;
            });

    for (String chart : CHARTS) {
      WebElement line = driver.findElement(By.cssSelector("#" + chart + " polyline"));
      assertThat(line.getAttribute("points").split(" "))
          .as("%s is drawn as a line", chart)
          .hasSizeGreaterThanOrEqualTo(2);
    }
    assertThat(driver.findElement(By.id("connection")).getText()).isEqualTo("open");
    assertThat(driver.findElement(By.cssSelector("#connections-chart .legend")).getText())
        .as("this page's own stream is counted")
        .matches("open: [1-9]\\d*");
    assertThat(browser.consoleErrors()).isEmpty();
    browser.screenshot("dashboard");
  }
}
