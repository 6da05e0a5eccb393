package dev.herald.sse.tomcat;

import dev.herald.sse.EventFrame;
import dev.herald.sse.EventStream;
import dev.herald.sse.WriterTurn;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.coyote.http11.upgrade.InternalHttpUpgradeHandler;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint.NioSocketWrapper;
import org.apache.tomcat.util.net.SSLSupport;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * An event stream that owns its connection on Tomcat, the way Tomcat's own WebSocket does.
 *
 * <p>Why: an asynchronous servlet request keeps its request, response and their buffers (about 90
 * KB) for as long as the stream is open. Here the response is committed as an ordinary {@code 200}
 * event stream that ends with the connection, and then the request is upgraded: Tomcat releases the
 * request and hands the socket over, so an idle stream holds little more than the socket. Writes
 * never block: what the client has not taken waits in Tomcat's buffer, the stream says it is not
 * ready, and the writer is told when it is. A client that takes nothing for the write timeout is
 * disconnected by Tomcat's poller; a client that leaves is noticed when its connection closes.
 *
 * <p>Every use of the socket holds the stream's lock. Tomcat dispatches an event to the stream
 * under the socket's lock, which a writer never takes, and the stream tells its listener what
 * happened after releasing its own.
 */
public final class UpgradedEventStream implements EventStream, InternalHttpUpgradeHandler {

  private static final Logger LOG = Logger.getLogger(UpgradedEventStream.class.getName());
  private static final DirectBuffers SCRATCH = new DirectBuffers(8, 64 * 1024);

  private final Lock lock = new ReentrantLock();
  private final List<EventFrame> early = new ArrayList<>();
  private Duration writeTimeout;
  private SocketWrapperBase<?> socket;
  // the connection's own channel: Tomcat reuses its NioChannel for a later connection once closed
  private SocketChannel channel;
  private boolean connected;
  private final WriterTurn turn = new WriterTurn();
  private volatile boolean closed;

  /** For Tomcat, which creates the handler of an upgrade; use {@link #open}. */
  public UpgradedEventStream() {}

  /**
   * Call on the request thread: commits the response as an event stream that the connection's end
   * ends, and upgrades the request, which Tomcat carries out once the request thread has left it.
   */
  public static EventStream open(
      HttpServletRequest request, HttpServletResponse response, Duration writeTimeout)
      throws IOException, ServletException {
    EventStream.setHeaders(response);
    // no chunked framing: the upgraded connection carries the frames' bytes as they are
    response.setHeader("Connection", "close");
    response.flushBuffer();
    UpgradedEventStream stream = request.upgrade(UpgradedEventStream.class);
    stream.writeTimeout = writeTimeout;
    return stream;
  }

  @Override
  public void listen(Listener listener) {
    turn.listen(listener);
  }

  @Override
  public void setSocketWrapper(SocketWrapperBase<?> wrapper) {
    // Tomcat calls this in the upgrade processor's constructor, right after it made the socket's
    // timeouts infinite: the write timeout is the stream's to keep.
    wrapper.setWriteTimeout(writeTimeout.toMillis());
    lock.lock();
    try {
      socket = wrapper;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void init(WebConnection connection) {
    boolean failed;
    boolean writable;
    lock.lock();
    try {
      connected = true;
      channel = plainChannel(socket);
      if (closed) {
        // Tomcat dispatches the first event next, and the closed stream ends the connection then
        return;
      }
      failed = !writeNow(early);
      early.clear();
      writable = !failed && !socket.hasDataToWrite();
    } finally {
      lock.unlock();
    }
    if (failed) {
      turn.ended();
    } else if (writable) {
      turn.giveBack();
    }
  }

  @Override
  public boolean ready() {
    lock.lock();
    try {
      if (isClosed()) {
        return true;
      }
      if (connected && !socket.hasDataToWrite()) {
        return true;
      }
      turn.keep();
      if (connected) {
        socket.registerWriteInterest();
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stopWaiting() {
    turn.giveBack();
  }

  @Override
  public boolean write(List<EventFrame> frames) {
    lock.lock();
    try {
      if (isClosed()) {
        return false;
      }
      if (!connected) {
        early.addAll(frames);
        return true;
      }
      return writeNow(frames);
    } finally {
      lock.unlock();
    }
  }

  private boolean writeNow(List<EventFrame> frames) {
    try {
      ByteBuffer[] buffers = new ByteBuffer[frames.size()];
      for (int i = 0; i < buffers.length; i++) {
        buffers[i] = frames.get(i).buffer();
      }
      ByteBuffer scratch = channel != null && !socket.hasDataToWrite() ? SCRATCH.borrow() : null;
      if (scratch != null) {
        try {
          writeThrough(scratch, buffers);
        } finally {
          SCRATCH.giveBack(scratch);
        }
      }
      boolean left = false;
      for (ByteBuffer buffer : buffers) {
        if (buffer.hasRemaining()) {
          socket.write(false, buffer);
          left = true;
        }
      }
      if (left && socket.flush(false)) {
        socket.registerWriteInterest();
      }
      return true;
    } catch (IOException | RuntimeException gone) {
      LOG.log(Level.FINEST, "A client has gone", gone);
      closed = true;
      socket.close();
      return false;
    }
  }

  /**
   * The socket's channel if it is a plain (not TLS) NIO one, which takes the frames as they are.
   */
  private static SocketChannel plainChannel(SocketWrapperBase<?> socket) {
    return socket instanceof NioSocketWrapper nio && nio.getSocket().getClass() == NioChannel.class
        ? nio.getSocket().getIOChannel()
        : null;
  }

  /**
   * Writes what the socket takes now through {@code scratch}, a direct buffer, one system call per
   * bufferful; what it does not take is left in the buffers. Why not through Tomcat's write buffer:
   * it writes at most its own capacity at a time, and a small one keeps an idle connection small.
   * Why not a gathering write of the frames: the JDK copies each heap buffer of it to a temporary
   * direct buffer, looking one up per buffer.
   */
  private void writeThrough(ByteBuffer scratch, ByteBuffer[] buffers) throws IOException {
    long written = 0;
    int next = 0;
    boolean full = false;
    while (next < buffers.length && !full) {
      scratch.clear();
      int first = next;
      while (next < buffers.length && buffers[next].remaining() <= scratch.remaining()) {
        ByteBuffer frame = buffers[next++];
        scratch.put(scratch.position(), frame, frame.position(), frame.remaining());
        scratch.position(scratch.position() + frame.remaining());
      }
      if (next == first) {
        // a frame larger than the scratch buffer goes as it is
        written += channel.write(buffers[next]);
        full = buffers[next++].hasRemaining();
        continue;
      }
      scratch.flip();
      int taken = channel.write(scratch);
      written += taken;
      full = scratch.hasRemaining();
      for (int i = first; i < next && taken > 0; i++) {
        int part = Math.min(taken, buffers[i].remaining());
        buffers[i].position(buffers[i].position() + part);
        taken -= part;
      }
    }
    if (written > 0) {
      // the poller's write timeout counts from the last write
      ((NioSocketWrapper) socket).updateLastWrite();
    }
  }

  /** Closed by either side; Tomcat closes the socket without telling the stream when it stops. */
  private boolean isClosed() {
    return closed || (connected && socket.isClosed());
  }

  @Override
  public SocketState upgradeDispatch(SocketEvent event) {
    boolean writable = false;
    boolean ended = false;
    lock.lock();
    try {
      if (!closed) {
        switch (event) {
          case OPEN_READ -> readUntilEmpty();
          case OPEN_WRITE -> writable = flushed();
          default -> closed = true;
        }
        ended = closed;
      }
    } finally {
      lock.unlock();
    }
    if (ended) {
      turn.ended();
    }
    if (closed) {
      return SocketState.CLOSED;
    }
    if (writable) {
      turn.giveBack();
    }
    return SocketState.UPGRADED;
  }

  /** A client sends nothing on an event stream but its close; anything else is dropped. */
  private void readUntilEmpty() {
    ByteBuffer buffer = ByteBuffer.allocate(256);
    try {
      int read;
      do {
        buffer.clear();
        read = socket.read(false, buffer);
      } while (read > 0);
      closed = read < 0;
    } catch (IOException gone) {
      LOG.log(Level.FINEST, "A client has gone", gone);
      closed = true;
    }
  }

  /** True if everything written has gone out. */
  private boolean flushed() {
    try {
      if (socket.flush(false)) {
        socket.registerWriteInterest();
        return false;
      }
    } catch (IOException gone) {
      LOG.log(Level.FINEST, "A client has gone", gone);
      closed = true;
      return false;
    }
    return true;
  }

  @Override
  public void close(long waitMillis) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (connected && !socket.isClosed()) {
        // what the client has not taken by now it would not take in time either
        socket.flush(false);
      }
    } catch (IOException | RuntimeException gone) {
      LOG.log(Level.FINEST, "A client has gone", gone);
    } finally {
      lock.unlock();
    }
    if (connected) {
      socket.close();
    }
  }

  @Override
  public void timeoutAsync(long now) {
    // the poller's write timeout, set in setSocketWrapper, is the only timeout
  }

  @Override
  public void setSslSupport(SSLSupport sslSupport) {
    // the stream does not look at the connection's TLS
  }

  @Override
  public void pause() {
    // nothing to stop reading: the stream reads only to notice its client's close
  }

  /** Tomcat is done with the connection; if the stream did not end it, the hub learns so here. */
  @Override
  public void destroy() {
    boolean ended;
    lock.lock();
    try {
      ended = !closed;
      closed = true;
    } finally {
      lock.unlock();
    }
    if (ended) {
      turn.ended();
    }
  }
}
