package dev.herald.scheduling;

import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The scheduled executor a full Jakarta EE server (Payara) offers every application under its
 * default JNDI name. Tomcat has none; {@link Scheduler} then runs a pool of its own.
 */
final class ServerExecutor {

  static final String JNDI_NAME = "java:comp/DefaultManagedScheduledExecutorService";
  private static final Logger LOG = Logger.getLogger(ServerExecutor.class.getName());

  @FunctionalInterface
  interface Jndi {
    Object lookup(String name) throws NamingException;
  }

  private ServerExecutor() {}

  static Jndi initialContext() {
    return name -> {
      InitialContext context = new InitialContext();
      try {
        return context.lookup(name);
      } finally {
        context.close();
      }
    };
  }

  static Optional<ScheduledExecutorService> find(Jndi jndi) {
    try {
      return jndi.lookup(JNDI_NAME) instanceof ScheduledExecutorService executor
          ? Optional.of(executor)
          : Optional.empty();
    } catch (NamingException e) {
      LOG.log(Level.FINE, "No managed scheduled executor in JNDI", e);
      return Optional.empty();
    }
  }
}
