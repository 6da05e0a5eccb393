package dev.herald.problem;

/** Ends a request with a problem response; thrown before any state changes. */
public class ProblemException extends RuntimeException {

  private final transient Problem problem;
  private long retryAfterSeconds = -1;

  public ProblemException(Problem problem) {
    super(problem.getDetail(), null, false, false);
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }

  /** Tells the client when to try again ({@code Retry-After}), for a 429 or a 503. */
  public ProblemException withRetryAfter(long seconds) {
    retryAfterSeconds = seconds;
    return this;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** Says which item of a batch request the problem is about (0 for the first). */
  public ProblemException at(int index) {
    problem.with("index", index);
    return this;
  }

  public ProblemException withBounds(long min, long max) {
    problem.with("minimum", min).with("maximum", max);
    return this;
  }

  /** A query parameter, header or field whose value is outside what the endpoint accepts. */
  public static ProblemException invalidParameter(String parameter, String detail) {
    return new ProblemException(
        new Problem("urn:herald:problem:invalid-parameter", 400, detail)
            .with("parameter", parameter));
  }
}
