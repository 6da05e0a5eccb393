package dev.herald.openapi.boundary;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI description of the whole HTTP API. The build generates it from the JAX-RS resources
 * (swagger-maven-plugin-jakarta), so it cannot drift from them and no OpenAPI library runs here.
 */
@ApplicationScoped
@Path("openapi.json")
@Tag(name = "operations")
public class OpenApiResource {

  private byte[] document;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "This description of the API")
  public byte[] document() {
    if (document == null) {
      document = read();
    }
    return document;
  }

  private static byte[] read() {
    try (InputStream in = OpenApiResource.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing: the build generates it");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
