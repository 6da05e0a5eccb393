package dev.herald.openapi.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UndocumentedWritingTest {

  @POST
  @Produces("application/json")
  @Operation(summary = "documented")
  void documented() {}

  @Test
  void writersGetTheMethodsAnnotationsWithoutItsDocumentation() throws Exception {
    Annotation[] declared =
        UndocumentedWritingTest.class.getDeclaredMethod("documented").getDeclaredAnnotations();
    AtomicReference<Annotation[]> annotations = new AtomicReference<>(declared);
    AtomicBoolean proceeded = new AtomicBoolean();

    new UndocumentedWriting().aroundWriteTo(context(annotations, proceeded));

    assertThat(proceeded).isTrue();
    assertThat(annotations.get())
        .extracting(Annotation::annotationType)
        .containsExactly(POST.class, Produces.class);
  }

  @Test
  void anUndocumentedMethodsAnnotationsAreLeftAsTheyAre() throws Exception {
    Annotation[] declared =
        UndocumentedWritingTest.class
            .getDeclaredMethod("documented")
            .getDeclaredAnnotationsByType(POST.class);
    AtomicReference<Annotation[]> annotations = new AtomicReference<>(declared);

    new UndocumentedWriting().aroundWriteTo(context(annotations, new AtomicBoolean()));

    assertThat(annotations.get()).isSameAs(declared);
  }

  private static WriterInterceptorContext context(
      AtomicReference<Annotation[]> annotations, AtomicBoolean proceeded) {
    return (WriterInterceptorContext)
        Proxy.newProxyInstance(
            UndocumentedWritingTest.class.getClassLoader(),
            new Class<?>[] {WriterInterceptorContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getAnnotations" -> annotations.get();
                  case "setAnnotations" -> {
                    annotations.set((Annotation[]) args[0]);
                    yield null;
                  }
                  case "proceed" -> {
                    proceeded.set(true);
                    yield null;
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
