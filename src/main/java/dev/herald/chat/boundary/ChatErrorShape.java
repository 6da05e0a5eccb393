package dev.herald.chat.boundary;

import dev.herald.chat.entity.ChatError;
import dev.herald.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * What JAX-RS and Herald's mappers answer as a problem (an unknown path, a method or media type the
 * endpoint does not take, a header that cannot be parsed) reaches OpenAI's clients on the chat
 * endpoints in OpenAI's error shape, which their libraries raise as their usual errors.
 */
@Provider
public class ChatErrorShape implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getEntity() instanceof Problem problem && isChat(request.getUriInfo().getPath())) {
      Object parameter = problem.getExtensions().get("parameter");
      response.setEntity(
          ChatError.forStatus(
              problem.getStatus(),
              problem.getDetail(),
              parameter instanceof String name ? name : null),
          null,
          MediaType.APPLICATION_JSON_TYPE);
    }
  }

  static boolean isChat(String path) {
    String relative = path.startsWith("/") ? path.substring(1) : path;
    return relative.startsWith("chat/") || relative.equals("models");
  }
}
