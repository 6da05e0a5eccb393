package dev.herald.hub.control.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/** A Lua script run by its digest, loaded again when Redis has forgotten it (after a restart). */
final class Script {

  private final String source;
  private volatile String sha;

  private Script(String source) {
    this.source = source;
  }

  static Script named(String name) {
    try (InputStream in = Script.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing script " + name);
      }
      return new Script(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  List<Object> run(Jedis jedis, List<String> args) {
    if (sha != null) {
      try {
        return (List<Object>) jedis.evalsha(sha, List.of(), args);
      } catch (JedisNoScriptException forgotten) {
        sha = null;
      }
    }
    sha = jedis.scriptLoad(source);
    return (List<Object>) jedis.evalsha(sha, List.of(), args);
  }
}
