package dev.herald.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Browser;
import dev.herald.testing.ShippedWar;
import java.net.URL;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DashboardPageIT {

  private static final String[] CHARTS = {
    "heap-chart", "threads-chart", "cpu-chart", "connections-chart"
  };

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource URL base;

  @Test
  void drawsEveryChartFromTheJvmFeedAsEventsArrive() throws Exception {
    try (Browser browser = Browser.start()) {
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
}
