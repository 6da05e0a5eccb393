package dev.herald.hub.control;

import dev.herald.config.Settings;
import dev.herald.hub.control.redis.RedisEventLog;
import dev.herald.hub.control.redis.RedisSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** The log this node runs: on Redis when {@code redis.url} is set, else in memory. */
@ApplicationScoped
public class EventLogs {

  @Produces
  @ApplicationScoped
  EventLog eventLog(Settings settings, Node node) {
    Retention retention = Retention.of(settings);
    String url = settings.text("redis.url", null);
    return url == null
        ? new InMemoryEventLog(retention, Clock.systemUTC())
        : RedisEventLog.open(RedisSettings.of(settings, url), retention, node.name());
  }

  void close(@Disposes EventLog log) {
    log.close();
  }
}
