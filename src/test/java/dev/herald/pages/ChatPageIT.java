package dev.herald.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

class ChatPageIT extends BrowserPages {

  @BeforeEach
  void openThePage() {
    browser.driver().get(base + "chat.html");
    browser
        .waitUpTo(Duration.ofSeconds(10))
        .until(
            d -> !d.findElements(By.cssSelector("#model option[value='herald-echo']")).isEmpty());
    new Select(browser.driver().findElement(By.id("model"))).selectByValue("herald-echo");
    // record the answer's length at every change, to see it grow token by token
    script(
        "window.lengths = [];"
            + "new MutationObserver(() => {"
            + " const a = document.querySelector('.message.assistant:last-child');"
            + " if (a) window.lengths.push(a.textContent.length); })"
            + ".observe(document.getElementById('messages'),"
            + " {childList: true, subtree: true, characterData: true});");
  }

  @Test
  @SuppressWarnings("unchecked")
  void rendersTheOfflineModelsAnswerIncrementally() throws Exception {
    ask("Tell me about 北京 and 🚀");

    browser.waitUpTo(Duration.ofSeconds(20)).until(d -> "done".equals(state()));
    String answer = lastAnswer().getText();
    assertThat(answer).contains("北京").contains("🚀");
    List<Number> lengths = (List<Number>) script("return window.lengths");
    assertThat(lengths.stream().map(Number::intValue).distinct().count())
        .as("the answer grew in many steps, not at once")
        .isGreaterThan(5);
    assertThat(browser.consoleErrors()).isEmpty();
    browser.screenshot("chat");
  }

  @Test
  void stopEndsTheStream() throws Exception {
    ask("A long question ".repeat(40));
    browser
        .waitUpTo(Duration.ofSeconds(10))
        .until(d -> lastAnswer() != null && lastAnswer().getText().length() > 5);

    browser.driver().findElement(By.id("stop")).click();

    browser.waitUpTo(Duration.ofSeconds(5)).until(d -> "stopped".equals(state()));
    int stoppedAt = lastAnswer().getText().length();
    Thread.sleep(700); // about twenty tokens' time at the demo's pace
    assertThat(lastAnswer().getText()).hasSize(stoppedAt);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void isUsableByKeyboard() {
    tabTo("prompt", 20);
    replaceWith("Typed by keys");
    new Actions(browser.driver())
        .keyDown(Keys.CONTROL)
        .sendKeys(Keys.ENTER)
        .keyUp(Keys.CONTROL)
        .perform();

    browser.waitUpTo(Duration.ofSeconds(20)).until(d -> "done".equals(state()));
    assertThat(lastAnswer().getText()).contains("Typed by keys");
    tabTo("send", 3);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  @Test
  void isReadableOnAPhone() throws Exception {
    checkOnPhone(
        base + "chat.html",
        "chat",
        () -> {
          browser
              .waitUpTo(Duration.ofSeconds(10))
              .until(d -> !d.findElements(By.cssSelector("#model option")).isEmpty());
          ask("Hello from a phone");
          browser.waitUpTo(Duration.ofSeconds(20)).until(d -> "done".equals(state()));
        });
    assertThat(browser.consoleErrors()).isEmpty();
  }

  private void ask(String prompt) {
    WebElement input = browser.driver().findElement(By.id("prompt"));
    input.clear();
    input.sendKeys(prompt);
    browser.driver().findElement(By.id("send")).click();
  }

  private static WebElement lastAnswer() {
    List<WebElement> answers = browser.driver().findElements(By.cssSelector(".message.assistant"));
    return answers.isEmpty() ? null : answers.get(answers.size() - 1);
  }

  private static String state() {
    return browser.driver().findElement(By.id("state")).getText();
  }
}
