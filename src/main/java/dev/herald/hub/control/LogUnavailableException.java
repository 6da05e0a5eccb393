package dev.herald.hub.control;

/** The log cannot take or give events now: the answer is 503, and the client may retry. */
public class LogUnavailableException extends RuntimeException {

  public LogUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
