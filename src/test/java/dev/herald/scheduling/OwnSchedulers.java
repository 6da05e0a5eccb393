package dev.herald.scheduling;

import dev.herald.config.Settings;
import java.util.Map;
import javax.naming.NameNotFoundException;

/** A started scheduler on its own threads, for tests of the beans that use one. */
public final class OwnSchedulers {

  private OwnSchedulers() {}

  public static Scheduler started() {
    Scheduler scheduler = new Scheduler();
    scheduler.settings = new Settings(Map.<String, String>of()::get, Map.<String, String>of()::get);
    scheduler.jndi =
        name -> {
          throw new NameNotFoundException(name);
        };
    scheduler.start();
    return scheduler;
  }

  public static void stop(Scheduler scheduler) {
    scheduler.stop();
  }
}
