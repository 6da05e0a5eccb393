package dev.herald.pages;

import dev.herald.testing.Browser;
import dev.herald.testing.ShippedWar;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

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
}
