package dev.herald.sse;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.io.IOException;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Logger;

/**
 * Jersey logs SEVERE "Error while committing the output stream" (Tomcat) or "An I/O error has
 * occurred while writing a response message entity chunk" (Payara) when a stream's client has left
 * and the next write fails. A client closing a stream is normal, not a server error, and the
 * stream's owner already stops on that failed write; every other record still gets through.
 */
@WebListener
public class ClientGoneLogFilter implements ServletContextListener {

  private static final List<String> LOGGERS =
      List.of(
          "org.glassfish.jersey.server.ServerRuntime",
          "org.glassfish.jersey.server.ServerRuntime$Responder");
  private static final Filter CLIENT_GONE =
      record -> record.getThrown() == null || !isClientGone(record.getThrown());

  // strong references: JUL holds loggers weakly and would forget the filter
  private List<Logger> loggers = List.of();

  @Override
  public void contextInitialized(ServletContextEvent event) {
    loggers = LOGGERS.stream().map(Logger::getLogger).toList();
    loggers.forEach(logger -> logger.setFilter(CLIENT_GONE));
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    loggers.forEach(logger -> logger.setFilter(null));
  }

  static boolean isClientGone(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      // Tomcat's; matched by name so the WAR still runs on servers without it
      if (cause.getClass().getSimpleName().equals("ClientAbortException")
          || cause instanceof IOException && (isGrizzlyClosed(cause) || isPeerGone(cause))) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** Payara's Grizzly refuses a write to a connection its client has closed. */
  private static boolean isGrizzlyClosed(Throwable io) {
    StackTraceElement[] trace = io.getStackTrace();
    return trace.length > 0
        && trace[0].getClassName().equals("org.glassfish.grizzly.nio.NIOConnection")
        && "Connection is closed".equals(io.getMessage());
  }

  private static boolean isPeerGone(Throwable io) {
    return "Broken pipe".equals(io.getMessage())
        || "Connection reset by peer".equals(io.getMessage());
  }
}
