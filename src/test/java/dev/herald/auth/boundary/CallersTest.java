package dev.herald.auth.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.auth.control.Refusal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallersTest {

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, true",
    "127.0.0.23, true",
    "::1, true",
    "0:0:0:0:0:0:0:1, true",
    "10.0.0.1, false",
    "203.0.113.9, false",
    "::ffff:10.0.0.1, false",
    "2001:db8::1, false",
    "localhost, false",
    "cafe.be, false",
    "'', false",
  })
  void knowsALoopbackAddressWithoutResolvingNames(String address, boolean loopback) {
    assertThat(Callers.loopback(address)).isEqualTo(loopback);
  }

  @ParameterizedTest
  @CsvSource({"Bearer abc, abc", "bearer  abc , abc", "BEARER x.y.z, x.y.z"})
  void readsTheBearerToken(String header, String token) {
    assertThat(Callers.bearer(header)).isEqualTo(token);
  }

  @ParameterizedTest
  @CsvSource({"Basic dXNlcjpwdw==", "Bearer", "Bearer ", "abc"})
  void anyOtherAuthorizationIsAnInvalidToken(String header) {
    assertThatThrownBy(() -> Callers.bearer(header))
        .isInstanceOfSatisfying(
            Refusal.class, refusal -> assertThat(refusal.status()).isEqualTo(401));
  }
}
