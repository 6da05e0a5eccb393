package dev.herald.sse;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An event stream on an asynchronous servlet request, written straight to its response, frames as
 * their bytes.
 *
 * <p>Why not Jersey's {@code SseEventSink} or {@code ChunkedOutput}: when a write fails because the
 * client left, Tomcat ends and recycles the request on one of its threads while Jersey, on the
 * writing thread, still flushes, closes and completes the response it holds. Tomcat reuses those
 * objects for the next connection, so the late calls landed on another client's request: it got a
 * 500, or its headers and then nothing. Here nothing touches a response once Tomcat has begun to
 * end it: Tomcat tells its listeners before it recycles, and the listener waits for a write under
 * way and closes the stream to every later one.
 *
 * <p>A hub stream ({@link #open}) writes without blocking, through the servlet API's {@code
 * WriteListener}: with blocking writes, clients that stopped reading held a writer thread each
 * until the server's write timeout (on Payara there was none), and a few of them stopped the hub. A
 * chat stream ({@link #prepare}) blocks, as the demo model's producer expects; a relayed one does
 * not ({@link #beginWithoutBlocking}): it reads the upstream only as fast as its client takes.
 */
public final class AsyncEventStream implements EventStream {

  private static final Logger LOG = Logger.getLogger(AsyncEventStream.class.getName());

  private final Runnable end;
  private final AsyncContext async;
  private ServletOutputStream out;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean broken;
  private boolean closed;
  private boolean endedByServer;
  private boolean nonBlocking;
  private final WriterTurn turn = new WriterTurn();
  private final List<EventFrame> early = new ArrayList<>();

  private AsyncEventStream(AsyncContext async, Runnable end) {
    this.end = end;
    this.async = async;
    async.addListener(
        new RequestEndListener(
            lock,
            () -> {
              endedByServer = true;
              closed = true;
            }));
  }

  /**
   * Call on the request thread of a request JAX-RS has not suspended: makes it asynchronous and
   * commits its response as an event stream, which the stream itself ends.
   */
  public static AsyncEventStream open(HttpServletRequest request) throws IOException {
    AsyncContext async = request.startAsync();
    async.setTimeout(0);
    return nonBlocking(new AsyncEventStream(async, async::complete));
  }

  /**
   * Call on the request thread of a request JAX-RS has suspended for an {@code SseEventSink} that
   * nothing has written to: commits its response as an event stream written without blocking, which
   * {@code end} ends (closing the sink, so that Jersey ends the request it suspended, once).
   */
  public static AsyncEventStream openSuspended(HttpServletRequest request, Runnable end)
      throws IOException {
    AsyncContext async = request.getAsyncContext();
    async.setTimeout(0);
    return nonBlocking(new AsyncEventStream(async, end));
  }

  private static AsyncEventStream nonBlocking(AsyncEventStream stream) throws IOException {
    stream.beginWithoutBlocking();
    return stream;
  }

  /**
   * Call on the request thread: takes over the response of a request JAX-RS has suspended without
   * committing it yet, for a stream that another thread decides to {@link #begin} (or answers
   * otherwise through {@code suspended}). The stream is ended by resuming {@code suspended}, so
   * that Jersey, which listens for the end of the request, ends it exactly once.
   */
  public static AsyncEventStream prepare(HttpServletRequest request, AsyncResponse suspended) {
    AsyncContext async = request.getAsyncContext();
    async.setTimeout(0);
    return new AsyncEventStream(async, () -> suspended.resume(Response.ok().build()));
  }

  /**
   * As {@link #begin}, then written without blocking as a hub stream is: for a producer that asks
   * {@link #ready} before it produces more, so that a slow client holds no thread.
   */
  public boolean beginWithoutBlocking() throws IOException {
    if (!begin()) {
      return false;
    }
    lock.lock();
    try {
      if (closed || broken) {
        return false;
      }
      nonBlocking = true;
      out.setWriteListener(new Writability());
      return true;
    } catch (RuntimeException gone) {
      broken = true;
      throw gone;
    } finally {
      lock.unlock();
    }
  }

  /** Commits the response as an event stream; false if the request has ended already. */
  public boolean begin() throws IOException {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      HttpServletResponse response = (HttpServletResponse) async.getResponse();
      EventStream.setHeaders(response);
      out = response.getOutputStream();
      out.flush();
      return true;
    } catch (IOException | RuntimeException gone) {
      broken = true;
      throw gone;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void listen(Listener listener) {
    turn.listen(listener);
  }

  @Override
  public boolean ready() {
    if (!nonBlocking) {
      return true;
    }
    lock.lock();
    try {
      if (broken || closed || out.isReady()) {
        return true;
      }
      turn.keep();
      return false;
    } catch (RuntimeException gone) {
      broken = true;
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stopWaiting() {
    turn.giveBack();
  }

  /**
   * Writes the frames with one flush; false if the client has gone. A chat stream blocks while the
   * client is slow; a hub stream leaves what the client has not taken to the server, which sends it
   * and then says the stream is writable again.
   */
  @Override
  public boolean write(List<EventFrame> frames) {
    lock.lock();
    try {
      if (broken || closed || out == null) {
        return false;
      }
      if (nonBlocking) {
        List<EventFrame> batch = frames;
        if (!early.isEmpty()) {
          batch = new ArrayList<>(early);
          batch.addAll(frames);
          early.clear();
        }
        if (!out.isReady()) {
          // the request thread's first write to a request JAX-RS suspended: Tomcat lets it write
          // once the dispatch has ended, and says so (onWritePossible), which writes these
          early.addAll(batch);
          return true;
        }
        // a non-blocking stream may be written to only while it is ready: one write per batch
        out.write(joined(batch));
        if (out.isReady()) {
          out.flush();
        }
        return true;
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

  private static byte[] joined(List<EventFrame> frames) {
    if (frames.size() == 1) {
      return frames.get(0).bytes();
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    frames.forEach(frame -> all.writeBytes(frame.bytes()));
    return all.toByteArray();
  }

  /** The server's word that what was written has gone out, or that the connection failed. */
  private final class Writability implements WriteListener {

    @Override
    public void onWritePossible() throws IOException {
      boolean writable = false;
      lock.lock();
      try {
        if (broken || closed) {
          return;
        }
        if (!early.isEmpty() && out.isReady()) {
          out.write(joined(early));
          early.clear();
        }
        // a write the server had to finish may have left the tail of a batch in the buffer
        if (out.isReady()) {
          out.flush();
        }
        writable = out.isReady();
      } finally {
        lock.unlock();
      }
      if (writable) {
        turn.giveBack();
      }
    }

    @Override
    public void onError(Throwable failure) {
      LOG.log(Level.FINEST, "A client has gone", failure);
      boolean ended;
      lock.lock();
      try {
        ended = !broken && !closed;
        broken = true;
      } finally {
        lock.unlock();
      }
      if (ended) {
        turn.ended();
      }
    }
  }

  /**
   * Ends the stream unless a write is under way for longer than {@code waitMillis} (a stalled
   * client: its write ends with the connector's timeout and Tomcat then ends the request).
   */
  @Override
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
      end.run();
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
  @Override
  public void endIfAbandoned() {
    lock.lock();
    try {
      if (broken && !endedByServer) {
        endedByServer = true;
        end.run();
      }
    } catch (IllegalStateException alreadyEnded) {
      LOG.log(Level.FINEST, "The request had already ended", alreadyEnded);
    } finally {
      lock.unlock();
    }
  }
}
