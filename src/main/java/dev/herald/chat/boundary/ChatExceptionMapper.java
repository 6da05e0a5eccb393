package dev.herald.chat.boundary;

import dev.herald.chat.control.ChatException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** The chat endpoints answer errors in OpenAI's shape; the rest of Herald uses problem details. */
@Provider
public class ChatExceptionMapper implements ExceptionMapper<ChatException> {

  @Override
  public Response toResponse(ChatException exception) {
    return Response.status(exception.status())
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(exception.error())
        .build();
  }
}
