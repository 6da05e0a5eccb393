package dev.herald.sse;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps Jersey from logging a client that left as a server error. Jersey logs SEVERE with a stack
 * trace when writing a response fails because the client closed its connection; for an event stream
 * that is how every client leaves, and a log full of them hides real errors.
 */
public final class ClientAborts implements Filter {

  static final String JERSEY_RESPONDER = "org.glassfish.jersey.server.ServerRuntime$Responder";

  private final Logger logger = Logger.getLogger(JERSEY_RESPONDER);
  private final Filter previous = logger.getFilter();

  public static ClientAborts install() {
    ClientAborts filter = new ClientAborts();
    filter.logger.setFilter(filter);
    return filter;
  }

  public void uninstall() {
    if (logger.getFilter() == this) {
      logger.setFilter(previous);
    }
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    if (isClientAbort(record.getThrown())) {
      return false;
    }
    return previous == null || previous.isLoggable(record);
  }

  static boolean isClientAbort(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      // Tomcat's name for "the client closed the connection while we wrote"
      if (cause.getClass().getSimpleName().equals("ClientAbortException")) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
