package dev.herald.sse;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Keeps caches and buffering proxies (nginx, most CDNs) from holding events back: an event stream
 * that arrives all at once at the end is no stream at all.
 */
@Provider
public class EventStreamHeaders implements ContainerResponseFilter {

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    MediaType type = response.getMediaType();
    if (type != null && type.isCompatible(MediaType.SERVER_SENT_EVENTS_TYPE)) {
      response.getHeaders().putSingle("Cache-Control", "no-cache, no-transform");
      response.getHeaders().putSingle("X-Accel-Buffering", "no");
    }
  }
}
