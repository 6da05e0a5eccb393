package dev.herald.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** JAX-RS's own rejections (404, 405, 406, 415 ...) answered as problem details too. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Override
  public Response toResponse(WebApplicationException exception) {
    Response original = exception.getResponse();
    if (original.getStatus() < 400) {
      return original;
    }
    Response.ResponseBuilder answer =
        Response.fromResponse(Problem.of(original.getStatus(), detail(exception)).toResponse());
    // keep what the original answer told the client, such as Allow on a 405
    original
        .getStringHeaders()
        .forEach(
            (name, values) -> {
              if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                values.forEach(value -> answer.header(name, value));
              }
            });
    return answer.build();
  }

  private static String detail(WebApplicationException exception) {
    int status = exception.getResponse().getStatus();
    return switch (status) {
      case 404 -> "There is no resource at this path.";
      case 405 -> "This resource does not support that method.";
      case 406 -> "This resource cannot produce any media type the Accept header allows.";
      case 415 -> "This resource does not accept that Content-Type.";
      default ->
          status >= 500 ? "The server could not complete the request." : exception.getMessage();
    };
  }
}
