package dev.herald.problem;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.jersey.message.internal.HeaderValueException;
import org.glassfish.jersey.server.spi.ResponseErrorMapper;

/**
 * Whatever else a request can make Jersey or a resource throw. Jersey hands an exception no mapper
 * takes to the server, which answers with its own page and logs it: a header Jersey cannot parse
 * while it matches the request (a media type with {@code q=abc}) took that path, as a 500. Jersey
 * offers what it throws itself while matching only to a {@link ResponseErrorMapper}, and only with
 * {@code jersey.config.server.exception.processResponseErrors} on (HeraldApplication). A client's
 * mistake is a 400 here; only a fault of Herald's own is a 500, and that is logged.
 */
@Provider
public class RequestFailureMapper implements ExceptionMapper<Throwable>, ResponseErrorMapper {

  private static final Logger LOG = Logger.getLogger(RequestFailureMapper.class.getName());

  @Context ResourceInfo resource;

  @Override
  public Response toResponse(Throwable failure) {
    if (failure instanceof HeaderValueException header
        && header.getContext() == HeaderValueException.Context.INBOUND) {
      return unparsableHeader().toResponse();
    }
    if (isMatching() && isParsing(failure)) {
      // Jersey parses Content-Type and Accept while it selects the method: nothing has run yet
      return unparsableHeader().toResponse();
    }
    if (failure instanceof IOException) {
      // the body broke off or was malformed (a bad chunk); Tomcat may already have answered 400
      return Problem.of(400, "The request body could not be read.").toResponse();
    }
    LOG.log(Level.SEVERE, "A request failed unexpectedly", failure);
    return Problem.of(500, "The server could not complete the request.").toResponse();
  }

  private boolean isMatching() {
    try {
      return resource == null || resource.getResourceMethod() == null;
    } catch (IllegalStateException outsideRequest) {
      return true;
    }
  }

  private static boolean isParsing(Throwable failure) {
    return failure instanceof IllegalArgumentException || failure instanceof ProcessingException;
  }

  private static Problem unparsableHeader() {
    return new Problem(
        "urn:herald:problem:malformed-header",
        400,
        "A request header (such as Content-Type or Accept) could not be parsed.");
  }
}
