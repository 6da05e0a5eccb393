package dev.herald.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.lang.reflect.Method;
import java.text.ParseException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.jersey.message.internal.HeaderValueException;
import org.junit.jupiter.api.Test;

class RequestFailureMapperTest {

  private final RequestFailureMapper mapper = new RequestFailureMapper();

  @Test
  void aHeaderJerseyCannotParseIsTheClientsMistake() {
    Response answer =
        mapper.toResponse(new HeaderValueException("bad", HeaderValueException.Context.INBOUND));
    assertThat(answer.getStatus()).isEqualTo(400);
    assertThat(((Problem) answer.getEntity()).getType())
        .isEqualTo("urn:herald:problem:malformed-header");
  }

  @Test
  void whatJerseyThrowsWhileMatchingIsTheClientsMistake() {
    Response answer =
        mapper.toResponse(new IllegalArgumentException(new ParseException("q=abc", 0)));
    assertThat(answer.getStatus()).isEqualTo(400);
    assertThat(answer.getMediaType()).isEqualTo(Problem.MEDIA);
  }

  @Test
  void aBodyThatCannotBeReadIsA400() {
    assertThat(mapper.toResponse(new IOException("Invalid chunk header")).getStatus())
        .isEqualTo(400);
  }

  @Test
  void aFaultInAResourceIsA500ThatSaysNothingAboutIt() throws Exception {
    Method method = Object.class.getMethod("toString");
    mapper.resource = new Matched(method);
    Logger log = Logger.getLogger(RequestFailureMapper.class.getName());
    Level level = log.getLevel();
    log.setLevel(Level.OFF);
    try {
      Response answer = mapper.toResponse(new IllegalArgumentException("secret detail"));
      assertThat(answer.getStatus()).isEqualTo(500);
      assertThat(((Problem) answer.getEntity()).getDetail()).doesNotContain("secret");
    } finally {
      log.setLevel(level);
    }
  }

  private record Matched(Method method) implements ResourceInfo {
    @Override
    public Method getResourceMethod() {
      return method;
    }

    @Override
    public Class<?> getResourceClass() {
      return Object.class;
    }
  }
}
