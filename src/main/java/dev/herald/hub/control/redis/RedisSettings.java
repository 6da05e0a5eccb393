package dev.herald.hub.control.redis;

import dev.herald.config.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Where Redis is and how long Herald waits for it: {@code redis.url} ({@code redis://} or {@code
 * rediss://}, a password and a database in the URL), {@code redis.timeout}, {@code
 * redis.connections}. {@link #toString} leaves the password out.
 */
public record RedisSettings(URI url, Duration timeout, int connections) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final int DEFAULT_CONNECTIONS = 16;

  public static RedisSettings of(Settings settings, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid();
    }
    if (!JedisURIHelper.isValid(uri)
        || !("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))) {
      throw invalid();
    }
    return new RedisSettings(
        uri,
        settings.millis(
            "redis.timeout", DEFAULT_TIMEOUT, Duration.ofMillis(100), Duration.ofMinutes(1)),
        settings.number("redis.connections", DEFAULT_CONNECTIONS, 1, 1024));
  }

  private static IllegalStateException invalid() {
    // the URL may hold a password: it is not repeated here
    return new IllegalStateException(
        "Setting redis.url must be redis://[[user]:password@]host[:port][/database] or rediss://...");
  }

  HostAndPort address() {
    return JedisURIHelper.getHostAndPort(url);
  }

  JedisClientConfig client(Duration blockingFor) {
    int millis = (int) timeout.toMillis();
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis)
            .socketTimeoutMillis(millis)
            .blockingSocketTimeoutMillis((int) (millis + blockingFor.toMillis()))
            .ssl(JedisURIHelper.isRedisSSLScheme(url))
            .clientName("herald")
            .resp2();
    String password = JedisURIHelper.getPassword(url);
    if (password != null) {
      config.user(JedisURIHelper.getUser(url)).password(password);
    }
    if (JedisURIHelper.hasDbIndex(url)) {
      config.database(JedisURIHelper.getDBIndex(url));
    }
    return config.build();
  }

  @Override
  public String toString() {
    return url.getScheme() + "://" + address();
  }
}
