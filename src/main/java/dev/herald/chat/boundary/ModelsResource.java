package dev.herald.chat.boundary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.chat.control.ChatException;
import dev.herald.chat.control.EchoModel;
import dev.herald.chat.control.Upstream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** {@code GET /api/models}: the upstream's models, plus {@code herald-echo} when the demo is on. */
@ApplicationScoped
@Path("models")
@Tag(name = "chat")
public class ModelsResource {

  @Inject EchoModel echo;
  @Inject Upstream upstream;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The models chat can use",
      responses = {
        @ApiResponse(responseCode = "200", description = "OpenAI's model list"),
        @ApiResponse(responseCode = "502", description = "The upstream failed"),
        @ApiResponse(responseCode = "504", description = "The upstream did not answer in time")
      })
  public void models(@Suspended AsyncResponse async) {
    CompletableFuture<String> upstreamModels =
        upstream.configured()
            ? upstream.models()
            : CompletableFuture.completedFuture("{\"object\":\"list\",\"data\":[]}");
    upstreamModels
        .thenApply(this::withDemo)
        .whenComplete(
            (list, failure) -> {
              if (failure == null) {
                async.resume(list);
              } else {
                async.resume(ChatCompletionsResource.unwrap(failure));
              }
            });
  }

  private ObjectNode withDemo(String upstreamList) {
    JsonNode list;
    try {
      list = ChatCompletionsResource.JSON.readTree(upstreamList);
    } catch (IOException e) {
      list = null;
    }
    if (list == null || !list.path("data").isArray()) {
      throw ChatException.upstream("The upstream's model list is not OpenAI's list shape.");
    }
    ObjectNode answer = ChatCompletionsResource.JSON.createObjectNode().put("object", "list");
    ArrayNode data = answer.putArray("data");
    data.addAll((ArrayNode) list.get("data"));
    if (echo.enabled()) {
      data.add(ChatCompletionsResource.JSON.valueToTree(EchoModel.MODEL));
    }
    return answer;
  }
}
