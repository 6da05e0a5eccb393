package dev.herald.chat.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokensTest {

  @Test
  void splitsWordsWithTheSpaceBeforeThem() {
    assertThat(Tokens.of("You said:  hello world"))
        .containsExactly("You", " said:", "  hello", " world");
  }

  @Test
  void givesEachChineseOrJapaneseCharacterItsOwnToken() {
    assertThat(Tokens.of("Hi 你好。カタ")).containsExactly("Hi", " 你", "好", "。", "カ", "タ");
  }

  @Test
  void neverCutsASurrogatePair() {
    String text = "ok 🎉🎉 x𝒳y 😀";
    assertThat(Tokens.of(text)).containsExactly("ok", " 🎉🎉", " x𝒳y", " 😀");
    for (String token : Tokens.of(text)) {
      assertThat(Character.isHighSurrogate(token.charAt(token.length() - 1))).isFalse();
      assertThat(Character.isLowSurrogate(token.charAt(0))).isFalse();
    }
  }

  @Test
  void joinedTheTokensAreTheTextAgain() {
    for (String text :
        new String[] {"", " ", "a", "  lead and trail  ", "中文 mixed\ttabs\nlines 🎉"}) {
      assertThat(String.join("", Tokens.of(text))).isEqualTo(text);
    }
    assertThat(Tokens.of("")).isEmpty();
  }
}
