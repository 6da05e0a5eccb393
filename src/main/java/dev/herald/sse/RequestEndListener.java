package dev.herald.sse;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Tells a stream, under its lock, that the server has begun to end its request (completed, failed
 * or timed out). Tomcat calls a request's listeners before it recycles the request: taking the lock
 * waits for a write under way, and the stream refuses every later one.
 */
final class RequestEndListener implements AsyncListener {

  private final ReentrantLock lock;
  private final Runnable ended;

  RequestEndListener(ReentrantLock lock, Runnable ended) {
    this.lock = lock;
    this.ended = ended;
  }

  @Override
  public void onComplete(AsyncEvent event) {
    end();
  }

  @Override
  public void onError(AsyncEvent event) {
    end();
  }

  @Override
  public void onTimeout(AsyncEvent event) {
    end();
  }

  @Override
  public void onStartAsync(AsyncEvent event) {
    // a stream never restarts its asynchronous mode
  }

  private void end() {
    lock.lock();
    try {
      ended.run();
    } finally {
      lock.unlock();
    }
  }
}
