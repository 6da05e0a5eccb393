package dev.herald.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Browser;
import dev.herald.testing.ShippedWar;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** The shipped WAR on the server, one headless Chromium per page test class. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
abstract class BrowserPages {

  static Browser browser;

  @Deployment(testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource URL base;

  @BeforeAll
  static void startBrowser() throws Exception {
    browser = Browser.start();
  }

  @AfterAll
  static void stopBrowser() throws Exception {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }

  /** Each test sees only its own console messages (reading the browser's log empties it). */
  @BeforeEach
  void forgetEarlierConsoleMessages() {
    browser.consoleErrors();
  }

  static Object script(String javascript) {
    return ((JavascriptExecutor) browser.driver()).executeScript(javascript);
  }

  static String text(By locator) {
    return browser.driver().findElement(locator).getText();
  }

  static void setValue(By locator, String value) {
    WebElement input = browser.driver().findElement(locator);
    input.clear();
    input.sendKeys(value);
  }

  /**
   * Presses Tab (from wherever the focus is) until the element with {@code id} has the focus, as a
   * keyboard user would; fails if it takes more than {@code limit} presses. Returns the ids (or tag
   * names) focused on the way.
   */
  static List<String> tabTo(String id, int limit) {
    List<String> visited = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
      String focused = focusedId();
      visited.add(focused);
      if (id.equals(focused)) {
        return visited;
      }
    }
    throw new AssertionError(id + " not reached by " + limit + " Tabs; focused: " + visited);
  }

  static String focusedId() {
    return (String)
        script(
            "const e = document.activeElement;"
                + " return e ? (e.id || e.closest('[id]')?.id || e.tagName) : null");
  }

  /** Ctrl+A then the text: replaces what the focused field holds. */
  static void replaceWith(String text) {
    new Actions(browser.driver())
        .keyDown(Keys.CONTROL)
        .sendKeys("a")
        .keyUp(Keys.CONTROL)
        .sendKeys(text)
        .perform();
  }

  static void press(CharSequence... keys) {
    new Actions(browser.driver()).sendKeys(keys).perform();
  }

  /**
   * Opens {@code page} as a phone shows it (390 x 844 CSS pixels, touch, the page's viewport
   * rules), requires that nothing is wider than the screen, takes the screenshot {@code
   * name-phone}, and returns to the desktop window.
   */
  static void checkOnPhone(String page, String name, Runnable afterLoad) throws Exception {
    var driver = browser.driver();
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
    try {
      driver.get(page);
      afterLoad.run();
      Number overflow =
          (Number)
              script(
                  "return document.documentElement.scrollWidth"
                      + " - document.documentElement.clientWidth");
      assertThat(overflow.intValue()).as("%s is no wider than a phone's screen", name).isZero();
      browser.screenshot(name + "-phone");
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }
}
