package dev.herald.feeds.control;

import dev.herald.feeds.entity.JvmSample;
import dev.herald.hub.control.Hub;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;

@ApplicationScoped
public class JvmFeed implements Feed {

  @Inject Hub hub;

  private long lastPublished = -1;
  private long lastNanos;

  @Override
  public String topic() {
    return "jvm";
  }

  @Override
  public Duration defaultInterval() {
    return Duration.ofSeconds(2);
  }

  @Override
  public JvmSample sample() {
    var memory = ManagementFactory.getMemoryMXBean();
    MemoryUsage heap = memory.getHeapMemoryUsage();
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, collector.getCollectionCount());
      gcMillis += Math.max(0, collector.getCollectionTime());
    }
    return new JvmSample(
        new JvmSample.Heap(heap.getUsed(), heap.getCommitted(), heap.getMax()),
        memory.getNonHeapMemoryUsage().getUsed(),
        ManagementFactory.getThreadMXBean().getThreadCount(),
        cpu(),
        new JvmSample.Gc(gcCount, gcMillis),
        ManagementFactory.getRuntimeMXBean().getUptime(),
        new JvmSample.Herald(hub.openStreams(), publishedPerSecond()),
        System.currentTimeMillis());
  }

  private static JvmSample.Cpu cpu() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return new JvmSample.Cpu(os.getProcessCpuLoad(), os.getCpuLoad());
    }
    return new JvmSample.Cpu(-1, -1);
  }

  private double publishedPerSecond() {
    long published = hub.counters().eventsPublished();
    long now = System.nanoTime();
    double rate =
        lastPublished < 0 ? 0 : (published - lastPublished) * 1e9 / Math.max(1, now - lastNanos);
    lastPublished = published;
    lastNanos = now;
    return Math.round(rate * 10) / 10.0;
  }
}
