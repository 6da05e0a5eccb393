package dev.herald.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ParametersTest {

  @ParameterizedTest
  @NullAndEmptySource
  void anAbsentParameterTakesItsDefault(String raw) {
    assertThat(Parameters.wholeNumber("count", raw, 10, 1, 1000)).isEqualTo(10);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "1000", "0007"})
  void acceptsWholeNumbersWithinBounds(String raw) {
    assertThat(Parameters.wholeNumber("count", raw, 10, 1, 1000)).isEqualTo(Integer.parseInt(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1001", "-1", "+5", "1e3", "ten", " 5", "99999999999999999999"})
  void rejectsAnythingElseNamingTheParameterAndItsBounds(String raw) {
    assertThatThrownBy(() -> Parameters.wholeNumber("count", raw, 10, 1, 1000))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              Problem problem = e.problem();
              assertThat(problem.getStatus()).isEqualTo(400);
              assertThat(problem.getExtensions())
                  .containsEntry("parameter", "count")
                  .containsEntry("minimum", 1L)
                  .containsEntry("maximum", 1000L);
              assertThat(problem.getDetail())
                  .isEqualTo("count must be a whole number from 1 to 1000.");
            });
  }
}
