package dev.herald.problem;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** An RFC 9457 problem detail: what went wrong with a request, in a shape clients can parse. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "detail"})
public final class Problem {

  public static final String MEDIA_TYPE = "application/problem+json";
  public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);

  private final String type;
  private final String title;
  private final int status;
  private final String detail;
  private final Map<String, Object> extensions = new LinkedHashMap<>();

  public Problem(String type, int status, String detail) {
    this.type = type;
    this.status = status;
    this.title = reason(status);
    this.detail = detail;
  }

  /** A problem that only says which HTTP status applies and why. */
  public static Problem of(int status, String detail) {
    return new Problem("about:blank", status, detail);
  }

  public Problem with(String member, Object value) {
    extensions.put(member, value);
    return this;
  }

  public String getType() {
    return type;
  }

  public String getTitle() {
    return title;
  }

  public int getStatus() {
    return status;
  }

  public String getDetail() {
    return detail;
  }

  @JsonAnyGetter
  public Map<String, Object> getExtensions() {
    return extensions;
  }

  public Response toResponse() {
    return Response.status(status).type(MEDIA).entity(this).build();
  }

  private static String reason(int status) {
    Response.Status known = Response.Status.fromStatusCode(status);
    return known != null ? known.getReasonPhrase() : "HTTP " + status;
  }
}
