package dev.herald.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryEscapesTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "a=1", "a=%20b", "topic=%E6%BC%A2&x=%ff", "a=+b", "%41"})
  void wellFormedEscapesPass(String query) {
    assertThat(QueryEscapes.wellEscaped(query)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a=%zz", "a=%", "a=%2", "a=%2g", "%", "a=1%", "a=%\u0661\u0662"})
  void brokenEscapesAreRefused(String query) {
    assertThat(QueryEscapes.wellEscaped(query)).isFalse();
  }
}
