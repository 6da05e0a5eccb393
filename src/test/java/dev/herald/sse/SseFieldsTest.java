package dev.herald.sse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseFieldsTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "order-42", "漢字", "🎉", "with space", "x:y"})
  void acceptsPrintableText(String value) {
    assertThat(SseFields.valid(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a\nb", "a\rb", "a\u0000b", "a\tb", "a\u007fb", "a\u0085b"})
  void rejectsEmptyAndControlCharacters(String value) {
    assertThat(SseFields.valid(value)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {256, 257})
  void allowsAtMost256Characters(int length) {
    assertThat(SseFields.valid("x".repeat(length))).isEqualTo(length <= 256);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\ud800b", "a\udc00", "\ud83c", "\udf89\ud83c"})
  void rejectsLoneSurrogates(String value) {
    assertThat(SseFields.valid(value)).isFalse();
    assertThat(SseFields.hasLoneSurrogate(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\ud83c\udf89", "a\ud83c\udf89b", "plain"})
  void acceptsWholeSurrogatePairs(String value) {
    assertThat(SseFields.hasLoneSurrogate(value)).isFalse();
  }
}
