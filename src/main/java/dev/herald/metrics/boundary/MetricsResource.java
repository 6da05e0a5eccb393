package dev.herald.metrics.boundary;

import dev.herald.clock.control.Countdowns;
import dev.herald.hub.control.Hub;
import dev.herald.hub.control.HubCounters;
import dev.herald.metrics.control.PrometheusText;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.TreeMap;

/** `/api/metrics` for Prometheus; each metric says what it is in its HELP line. */
@Path("metrics")
@ApplicationScoped
@Tag(name = "operations")
public class MetricsResource {

  @Inject Hub hub;
  @Inject Countdowns countdowns;

  @GET
  @Produces(PrometheusText.MEDIA_TYPE)
  @Operation(summary = "Metrics in the Prometheus text format")
  public String metrics() {
    PrometheusText text = new PrometheusText();
    text.gauge(
            "herald_open_streams",
            "Open SSE connections: topic subscriptions and countdown streams.",
            hub.openStreams() + countdowns.running())
        .gauge("herald_countdown_streams", "Open countdown streams.", countdowns.running())
        .family("herald_topic_subscribers", "gauge", "Subscribers of each topic on this node.");
    new TreeMap<>(hub.subscribersHere())
        .forEach((topic, count) -> text.sample("herald_topic_subscribers", "topic", topic, count));
    HubCounters counters = hub.counters();
    text.counter(
            "herald_events_published_total",
            "Events published into the hub since start.",
            counters.eventsPublished())
        .counter(
            "herald_publish_failures_total",
            "Publishes refused with 503 because the event log could not take them.",
            counters.publishFailures())
        .gauge(
            "herald_log_up",
            "1 while the event log takes appends and this node reads its tail, else 0.",
            hub.logLive() ? 1 : 0)
        .gauge(
            "herald_log_tail_lag_milliseconds",
            "Between the log taking the newest event this node fanned out and the fan-out.",
            counters.tailLagMillis())
        .counter(
            "herald_events_delivered_total",
            "Events written to subscribers since start (one per subscriber).",
            counters.eventsDelivered())
        .counter(
            "herald_slow_subscribers_dropped_total",
            "Subscribers disconnected because their backlog was full.",
            counters.slowSubscribersDropped())
        .counter(
            "herald_replay_requests_total",
            "Subscriptions that asked to resume after a Last-Event-ID.",
            counters.replayRequests());
    jvm(text);
    return text.toString();
  }

  private static void jvm(PrometheusText text) {
    var memory = ManagementFactory.getMemoryMXBean();
    text.family("jvm_memory_used_bytes", "gauge", "Memory in use, by area.")
        .sample("jvm_memory_used_bytes", "area", "heap", memory.getHeapMemoryUsage().getUsed())
        .sample(
            "jvm_memory_used_bytes", "area", "nonheap", memory.getNonHeapMemoryUsage().getUsed())
        .gauge(
            "jvm_memory_heap_max_bytes",
            "Largest heap the JVM may use, -1 if unlimited.",
            memory.getHeapMemoryUsage().getMax())
        .gauge(
            "jvm_threads_live",
            "Live threads.",
            ManagementFactory.getThreadMXBean().getThreadCount());
    long collections = 0;
    long millis = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      collections += Math.max(0, collector.getCollectionCount());
      millis += Math.max(0, collector.getCollectionTime());
    }
    text.counter("jvm_gc_collections_total", "Garbage collections since start.", collections)
        .counter("jvm_gc_seconds_total", "Time spent collecting garbage.", millis / 1000.0)
        .gauge(
            "process_uptime_seconds",
            "Seconds since the JVM started.",
            ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      text.gauge(
              "process_cpu_load",
              "Recent CPU load of this process, 0 to 1.",
              os.getProcessCpuLoad())
          .counter(
              "process_cpu_seconds_total",
              "CPU time used by this process.",
              os.getProcessCpuTime() / 1e9);
    }
  }
}
