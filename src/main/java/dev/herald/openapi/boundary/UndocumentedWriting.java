package dev.herald.openapi.boundary;

import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.util.Arrays;

/**
 * Hands the body writers a resource method's annotations without its OpenAPI documentation. Why:
 * Jackson's JSON writer looks up its configuration by the hash of every annotation it is given, and
 * hashing the nested OpenAPI annotations took 45 % of a publish's CPU. No writer reads them.
 */
@Provider
public class UndocumentedWriting implements WriterInterceptor {

  private static final String DOCUMENTATION = "io.swagger.";

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    Annotation[] annotations = context.getAnnotations();
    if (annotations != null && documented(annotations)) {
      context.setAnnotations(
          Arrays.stream(annotations).filter(a -> !isDocumentation(a)).toArray(Annotation[]::new));
    }
    context.proceed();
  }

  private static boolean documented(Annotation[] annotations) {
    for (Annotation annotation : annotations) {
      if (isDocumentation(annotation)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDocumentation(Annotation annotation) {
    return annotation.annotationType().getName().startsWith(DOCUMENTATION);
  }
}
