package dev.herald.chat.control;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into the pieces the demo model streams: each word with the whitespace before it, and
 * each Chinese or Japanese character on its own. Works on code points, so a surrogate pair (an
 * emoji) is never cut in two; the pieces joined are the text again.
 */
public final class Tokens {

  private Tokens() {}

  public static List<String> of(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      boolean space = Character.isWhitespace(cp);
      if (isCharacterWord(cp)) {
        token.appendCodePoint(cp);
        tokens.add(token.toString());
        token.setLength(0);
        inWord = false;
      } else if (space && inWord) {
        tokens.add(token.toString());
        token.setLength(0);
        token.appendCodePoint(cp);
        inWord = false;
      } else {
        token.appendCodePoint(cp);
        inWord = inWord || !space;
      }
    }
    if (!token.isEmpty()) {
      tokens.add(token.toString());
    }
    return tokens;
  }

  public static int count(String text) {
    return of(text).size();
  }

  /** Scripts written without spaces between words: one character is one token. */
  private static boolean isCharacterWord(int cp) {
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || Character.UnicodeBlock.of(cp) == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
        || Character.UnicodeBlock.of(cp) == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
  }
}
