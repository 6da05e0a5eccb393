package dev.herald.scheduling;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes Herald's threads ({@code herald-<name>-<n>}, daemon) and remembers them, so that stopping
 * can wait until each has really ended. An executor's {@code awaitTermination} returns while its
 * last worker is still exiting; Tomcat checks for live threads right after undeploy and would
 * report that worker as a leak.
 *
 * <p>Each thread gets the application's class loader (the context loader of the thread that made
 * this factory) as its context loader, whichever thread starts it: a worker started by the JDK HTTP
 * client's selector thread inherited that thread's platform loader, and on Payara, Jersey and Weld
 * then failed to load the application's proxies (a 500 instead of the relay's 502).
 */
public final class OwnedThreads implements ThreadFactory {

  private final String name;
  private final AtomicInteger count = new AtomicInteger();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final ClassLoader application = Thread.currentThread().getContextClassLoader();

  public OwnedThreads(String name) {
    this.name = name;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread thread = new Thread(task, "herald-" + name + "-" + count.incrementAndGet());
    thread.setDaemon(true);
    thread.setContextClassLoader(application);
    threads.removeIf(old -> !old.isAlive());
    threads.add(thread);
    return thread;
  }

  /** Waits up to {@code timeout} in all for every thread made here to end. */
  public boolean joinAll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        thread.join(Math.max(1, left / 1_000_000));
      }
    }
    return threads.stream().noneMatch(Thread::isAlive);
  }
}
