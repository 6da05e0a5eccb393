package dev.herald.broadcast.boundary;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;

/**
 * The response as JAX-RS sees it. Once Herald's stream writes the response of a sink's request
 * (without blocking), JAX-RS must not write to it: closing the sink makes Jersey commit and flush
 * the response it suspended, and a flush of a non-blocking stream that is not ready throws. After
 * {@link #handOver} what JAX-RS writes or flushes goes nowhere; its ending of the request still
 * ends it, once.
 */
final class HandedOverResponse extends HttpServletResponseWrapper {

  private volatile boolean handedOver;

  HandedOverResponse(HttpServletResponse response) {
    super(response);
  }

  void handOver() {
    handedOver = true;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    return handedOver ? Nowhere.STREAM : super.getOutputStream();
  }

  @Override
  public void flushBuffer() throws IOException {
    if (!handedOver) {
      super.flushBuffer();
    }
  }

  private static final class Nowhere extends ServletOutputStream {

    static final Nowhere STREAM = new Nowhere();

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      // nothing is ever written here
    }

    @Override
    public void write(int b) {
      // the response is Herald's stream's
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      // the response is Herald's stream's
    }
  }
}
