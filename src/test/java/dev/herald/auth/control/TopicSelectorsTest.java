package dev.herald.auth.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicSelectorsTest {

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // exact and *
        "news            | news                 | true",
        "news            | news-1               | false",
        "*               | anything.at-all      | true",
        "News            | news                 | false",
        // level 1: {var} takes unreserved characters and percent escapes
        "{topic}         | orders.eu-1          | true",
        "news-{id}       | news-42              | true",
        "news-{id}       | news-                | true",
        "news-{id}       | sport-42             | false",
        "news-{id}       | news-4/2             | false",
        "orders.{region}.{id} | orders.eu.7     | true",
        "orders.{region}.{id} | orders.eu       | false",
        "{a}-{b}         | x-y                  | true",
        // lists: a comma separates values
        "{x,y}           | 1,2                  | true",
        "{x,y}           | 1;2                  | false",
        // level 2: + and # allow reserved characters
        "https://ex.com/{+path} | https://ex.com/a/b/c | true",
        "https://ex.com/{path}  | https://ex.com/a/b/c | false",
        "https://ex.com/books/{id} | https://ex.com/books/1 | true",
        "https://ex.com/books/{id} | https://ex.com/authors/1 | false",
        "page{#frag}     | page#top             | true",
        "page{#frag}     | page                 | true",
        "page{#frag}     | pagetop              | false",
        // level 3: . / ; ? &
        "file{.ext}      | file.tar.gz          | true",
        "file{.ext}      | file-gz              | false",
        "root{/a,b}      | root/x/y             | true",
        "root{/a,b}      | rootx                | false",
        "m{;x,y}         | m;x=1;y              | true",
        "search{?q,n}    | search?q=a&n=2       | true",
        "search{?q,n}    | search?q             | false",
        "s?q=1{&n}       | s?q=1&n=2            | true",
        // level 4: explode and prefix
        "list-{ids*}     | list-1,2,3           | true",
        "p-{name:3}      | p-abc                | true",
        "p-{name:3}      | p-abcd               | false",
        // regex characters in literals are literals
        "a.b             | aXb                  | false",
        "a.{x}           | aXb                  | false",
        "(x)+{y}         | (x)+1                | true",
        // a malformed template matches nothing but itself, as any exact selector
        "news-{id        | news-{id             | true",
        "news-{id        | news-1               | false",
        "news-}          | news-x               | false",
        "x{}             | x                    | false",
        "x{=a}           | x                    | false",
      })
  void matchesAsTheTemplatesExpansionsWould(String selector, String topic, boolean matches) {
    assertThat(TopicSelectors.matches(selector, topic)).isEqualTo(matches);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "a}", "{a b}", "{a,}", "{:3}", "{a:0}", "{a:10000}", "{!a}"})
  void rejectsWhatIsNotAUriTemplate(String template) {
    assertThatThrownBy(() -> UriTemplates.compile(template))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anyOfSeveralSelectorsMayMatch() {
    assertThat(TopicSelectors.anyMatches(List.of("a", "news-{id}"), "news-3")).isTrue();
    assertThat(TopicSelectors.anyMatches(List.of("a", "b"), "c")).isFalse();
    assertThat(TopicSelectors.anyMatches(List.of(), "c")).isFalse();
  }

  @Test
  void theCacheOfCompiledSelectorsIsBounded() {
    for (int i = 0; i < TopicSelectors.CACHE_SIZE + 100; i++) {
      TopicSelectors.matches("t" + i + "-{x}", "t" + i + "-y");
    }
    assertThat(TopicSelectors.cached()).isLessThanOrEqualTo(TopicSelectors.CACHE_SIZE);
    assertThat(TopicSelectors.matches("t1-{x}", "t1-z")).isTrue();
  }
}
