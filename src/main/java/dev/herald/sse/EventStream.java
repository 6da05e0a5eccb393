package dev.herald.sse;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An event stream written straight to the servlet response, frames as their bytes.
 *
 * <p>Why not Jersey's {@code SseEventSink}: when a write fails because the client left, Tomcat
 * completes and recycles the request on one of its threads while Jersey, on the writing thread,
 * still closes the response it had. The two raced: another client's request then got this one's
 * "Broken pipe" as a 500, or its connection closed without an answer. Here a failed write is the
 * last thing done with the response (Tomcat ends the request itself), and completing it never
 * overlaps a write.
 */
public final class EventStream {

  private static final Logger LOG = Logger.getLogger(EventStream.class.getName());

  private final AsyncResponse suspended;
  private final AsyncContext async;
  private final ServletOutputStream out;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean broken;
  private boolean closed;
  private volatile boolean endedByServer;

  private EventStream(AsyncResponse suspended, AsyncContext async, ServletOutputStream out) {
    this.suspended = suspended;
    this.async = async;
    this.out = out;
    async.addListener(new EndListener());
  }

  /**
   * Call on the request thread: takes over the response of a request JAX-RS has suspended. The
   * stream is ended by resuming {@code suspended}, so that Jersey, which listens for the end of the
   * request, ends it exactly once.
   */
  public static EventStream open(HttpServletRequest request, AsyncResponse suspended)
      throws IOException {
    AsyncContext async = request.getAsyncContext();
    async.setTimeout(0);
    HttpServletResponse response = (HttpServletResponse) async.getResponse();
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType("text/event-stream;charset=UTF-8");
    response.setHeader("Cache-Control", "no-cache, no-transform");
    response.setHeader("X-Accel-Buffering", "no");
    return new EventStream(suspended, async, response.getOutputStream());
  }

  /** Writes the frames with one flush; false if the client has gone. */
  public boolean write(List<EventFrame> frames) {
    lock.lock();
    try {
      if (broken || closed) {
        return false;
      }
      for (EventFrame frame : frames) {
        out.write(frame.bytes());
      }
      out.flush();
      return true;
    } catch (IOException | RuntimeException gone) {
      broken = true;
      LOG.log(Level.FINEST, "A client has gone", gone);
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends the stream unless a write is under way for longer than {@code waitMillis} (a stalled
   * client: its write ends with the connector's timeout and Tomcat then ends the request).
   */
  public void close(long waitMillis) {
    try {
      if (!lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      if (closed || broken) {
        closed = true;
        return;
      }
      closed = true;
      // the response is committed: Jersey only ends it
      suspended.resume(Response.ok().build());
    } catch (IllegalStateException alreadyEnded) {
      LOG.log(Level.FINEST, "The request had already ended", alreadyEnded);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends a stream whose write failed if the server has not ended it by now. Tomcat ends most such
   * requests itself (and completing one it is ending raced its recycling), but not all: those left
   * would hold their request until undeploy. Call it a while after the failed write.
   */
  public void endIfAbandoned() {
    lock.lock();
    try {
      if (broken && !endedByServer) {
        endedByServer = true;
        // through Jersey, which otherwise completes the request a second time when it sees it end
        suspended.resume(Response.ok().build());
      }
    } catch (IllegalStateException alreadyEnded) {
      LOG.log(Level.FINEST, "The request had already ended", alreadyEnded);
    } finally {
      lock.unlock();
    }
  }

  /** Notes when the server takes over the end of the request: an error or the request's end. */
  private final class EndListener implements AsyncListener {
    @Override
    public void onComplete(AsyncEvent event) {
      endedByServer = true;
    }

    @Override
    public void onError(AsyncEvent event) {
      endedByServer = true;
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      endedByServer = true;
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // a stream never restarts its asynchronous mode
    }
  }
}
