package dev.herald.web;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Payara logs some malformed requests as if they were server faults, with a stack trace, before any
 * application sees them: a bad {@code %} escape in a path ({@code /a%zz}) as SEVERE "An exception
 * or error occurred in the container during the request processing" from its path decoder (also an
 * index error it hits on some dot segments), and a broken chunked body as WARNING "GRIZZLY0013:
 * Exception during FilterChain execution". A client's malformed request is not a server error;
 * every other record of those loggers still gets through. (What Payara answers to them, no
 * application can change: README.) Likewise Jersey's WARNING for a form body sent to an endpoint
 * that reads no form ({@link #FORM_SENT_ANYWAY}): the client's doing, answered as any bad body.
 */
@WebListener
public class MalformedRequestLogFilter implements ServletContextListener {

  static final Map<String, Predicate<Throwable>> CLIENT_MISTAKES =
      Map.of(
          "jakarta.enterprise.web.core",
          MalformedRequestLogFilter::isPathDecoding,
          "org.glassfish.grizzly.filterchain.DefaultFilterChain",
          // matched by name: Grizzly's classes are not visible to the application
          thrown ->
              thrown
                  .getClass()
                  .getName()
                  .equals("org.glassfish.grizzly.http.HttpBrokenContentException"));

  /** Grizzly's path decoder threw: a bad escape, or a dot segment it fails on (an index error). */
  static boolean isPathDecoding(Throwable thrown) {
    StackTraceElement[] trace = thrown.getStackTrace();
    for (int i = 0; i < Math.min(3, trace.length); i++) {
      String decoder = trace[i].getClassName();
      if (decoder.equals("org.glassfish.grizzly.http.util.URLDecoder")
          || decoder.equals("org.glassfish.grizzly.http.util.HttpRequestURIDecoder")) {
        return thrown instanceof RuntimeException;
      }
    }
    return false;
  }

  static final String JERSEY_SERVLET = "org.glassfish.jersey.servlet.WebComponent";
  static final String FORM_SENT_ANYWAY = "contains form parameters in the request body";

  static boolean isLogged(String logger, LogRecord record) {
    if (JERSEY_SERVLET.equals(logger)) {
      return record.getMessage() == null || !record.getMessage().contains(FORM_SENT_ANYWAY);
    }
    Predicate<Throwable> mistake = CLIENT_MISTAKES.get(logger);
    return mistake == null || record.getThrown() == null || !mistake.test(record.getThrown());
  }

  // strong references: JUL holds loggers weakly and would forget the filters
  private final List<Logger> filtered = new ArrayList<>();
  private final List<Filter> filters = new ArrayList<>();

  @Override
  public void contextInitialized(ServletContextEvent event) {
    List<String> names = new ArrayList<>(CLIENT_MISTAKES.keySet());
    names.add(JERSEY_SERVLET);
    for (String name : names) {
      Logger logger = Logger.getLogger(name);
      if (logger.getFilter() == null) {
        Filter filter = record -> isLogged(name, record);
        logger.setFilter(filter);
        filtered.add(logger);
        filters.add(filter);
      }
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    for (int i = 0; i < filtered.size(); i++) {
      if (filtered.get(i).getFilter() == filters.get(i)) {
        filtered.get(i).setFilter(null);
      }
    }
    filtered.clear();
    filters.clear();
  }
}
