package dev.herald.chat.boundary;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.auth.boundary.Callers;
import dev.herald.auth.control.Access;
import dev.herald.auth.control.Limits;
import dev.herald.auth.entity.Caller;
import dev.herald.chat.control.ChatException;
import dev.herald.chat.control.ChatStream;
import dev.herald.chat.control.EchoModel;
import dev.herald.chat.control.RelayClient;
import dev.herald.chat.control.Upstream;
import dev.herald.chat.entity.ChatError;
import dev.herald.chat.entity.ChatRequest;
import dev.herald.config.Settings;
import dev.herald.sse.AsyncEventStream;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /api/chat/completions} in OpenAI's wire format: the offline {@code herald-echo}
 * model, or a relay to the configured upstream that keeps the API key on the server.
 */
@ApplicationScoped
@Path("chat/completions")
@Tag(name = "chat", description = "OpenAI-compatible; errors in OpenAI's shape")
public class ChatCompletionsResource {

  static final int DEFAULT_MAX_REQUEST_BYTES = 256 * 1024;
  static final ObjectMapper JSON = new ObjectMapper();

  @Inject Settings settings;
  @Inject EchoModel echo;
  @Inject Upstream upstream;
  @Inject Callers callers;
  @Inject Access access;
  @Inject Limits limits;

  private final ChatRequestReader reader = new ChatRequestReader(JSON);
  private int maxRequestBytes;

  @PostConstruct
  void configure() {
    maxRequestBytes =
        settings.number(
            "chat.max-request-bytes", DEFAULT_MAX_REQUEST_BYTES, 1024, 64 * 1024 * 1024);
  }

  // no @Consumes: a wrong Content-Type must get OpenAI's error shape, not JAX-RS's own 415
  @POST
  @Operation(
      summary = "A chat completion, streamed with \"stream\": true",
      requestBody =
          @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON)),
      responses = {
        @ApiResponse(
            responseCode = "200",
            description = "One chat.completion, or chunks as an event stream",
            content = {
              @Content(mediaType = MediaType.APPLICATION_JSON),
              @Content(mediaType = "text/event-stream")
            }),
        @ApiResponse(responseCode = "400", description = "Invalid request"),
        @ApiResponse(responseCode = "413", description = "Request too large"),
        @ApiResponse(responseCode = "415", description = "Not JSON"),
        @ApiResponse(responseCode = "502", description = "The upstream failed"),
        @ApiResponse(responseCode = "504", description = "The upstream did not answer in time")
      })
  public void complete(
      @Parameter(hidden = true) @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      InputStream body,
      @Context HttpHeaders headers,
      @Context HttpServletRequest servletRequest,
      @Suspended AsyncResponse async)
      throws IOException {
    Caller caller = callers.of(servletRequest);
    access.requireChat(caller);
    limits.chat(caller);
    if (!isJson(contentType)) {
      throw new ChatException(
          415,
          ChatError.of(
              "Send the request as Content-Type: application/json.",
              "invalid_request_error",
              null,
              "unsupported_media_type"));
    }
    ChatRequest request = reader.read(readAtMost(body));
    if (!request.stream() && !acceptsJson(headers)) {
      throw new ChatException(
          406,
          ChatError.of(
              "A completion that does not stream is application/json: send Accept:"
                  + " application/json, or \"stream\": true for text/event-stream.",
              "invalid_request_error",
              null,
              "not_acceptable"));
    }
    if (echo.enabled() && EchoModel.NAME.equals(request.model())) {
      if (request.stream()) {
        echo.stream(request, begin(AsyncEventStream.prepare(servletRequest, async)));
      } else {
        async.resume(echo.complete(request));
      }
    } else if (upstream.configured()) {
      relay(request, servletRequest, async);
    } else {
      throw ChatException.invalid(
          "model",
          "The model `%s` does not exist; this server offers %s."
              .formatted(request.model(), EchoModel.NAME),
          "model_not_found");
    }
  }

  private void relay(ChatRequest request, HttpServletRequest servletRequest, AsyncResponse async) {
    if (request.stream()) {
      // prepared here: the servlet request is only reachable on the request thread
      upstream.stream(
          request.body(),
          new UpstreamClient(AsyncEventStream.prepare(servletRequest, async), async));
    } else {
      upstream
          .complete(request.body())
          .whenComplete(
              (json, failure) -> {
                if (failure == null) {
                  async.resume(Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build());
                } else {
                  async.resume(unwrap(failure));
                }
              });
    }
  }

  private static boolean isJson(String contentType) {
    try {
      return contentType != null
          && MediaType.valueOf(contentType).isCompatible(MediaType.APPLICATION_JSON_TYPE);
    } catch (IllegalArgumentException unparsable) {
      return false;
    }
  }

  /** No Accept header, or one that allows JSON; a streamed completion answers with events. */
  private static boolean acceptsJson(HttpHeaders headers) {
    return headers.getAcceptableMediaTypes().stream()
        .anyMatch(type -> type.isCompatible(MediaType.APPLICATION_JSON_TYPE));
  }

  private static ChatStream begin(AsyncEventStream prepared) {
    try {
      prepared.begin();
    } catch (IOException clientGone) {
      // the stream's first write reports it, which ends the producer
    }
    return new ChatEventStream(prepared, JSON);
  }

  private static ChatStream beginWithoutBlocking(AsyncEventStream prepared) {
    ChatEventStream stream = new ChatEventStream(prepared, JSON);
    try {
      prepared.beginWithoutBlocking();
    } catch (IOException | RuntimeException clientGone) {
      // the stream's first write reports it, which ends the relay
    }
    return stream;
  }

  private byte[] readAtMost(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(maxRequestBytes + 1);
    if (bytes.length > maxRequestBytes) {
      throw new ChatException(
          413,
          ChatError.of(
              "The request is larger than %d bytes.".formatted(maxRequestBytes),
              "invalid_request_error",
              null,
              "request_too_large"));
    }
    return bytes;
  }

  static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  private record UpstreamClient(AsyncEventStream prepared, AsyncResponse async)
      implements RelayClient {
    @Override
    public ChatStream open() {
      return beginWithoutBlocking(prepared);
    }

    @Override
    public void refuse(ChatException error) {
      async.resume(error);
    }
  }
}
