package dev.herald.sse.tomcat;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A few direct buffers that writers borrow for one write and give back. Not one per thread: request
 * threads write a stream's first frame too, and a thread-local would outlive the application on
 * Tomcat's pooled threads. Not allocated on demand: a burst of writers beyond the few would churn
 * direct memory; they write the way they did without one.
 */
final class DirectBuffers {

  private final AtomicReferenceArray<ByteBuffer> free;

  DirectBuffers(int count, int size) {
    this.free = new AtomicReferenceArray<>(count);
    for (int i = 0; i < count; i++) {
      free.set(i, ByteBuffer.allocateDirect(size));
    }
  }

  /** A cleared buffer, or null if every one is in use. */
  ByteBuffer borrow() {
    for (int i = 0; i < free.length(); i++) {
      ByteBuffer buffer = free.getAndSet(i, null);
      if (buffer != null) {
        return buffer.clear();
      }
    }
    return null;
  }

  /** Gives back a buffer that {@link #borrow} lent. */
  void giveBack(ByteBuffer buffer) {
    for (int i = 0; i < free.length(); i++) {
      if (free.compareAndSet(i, null, buffer)) {
        return;
      }
    }
  }
}
