package dev.herald.auth.entity;

/**
 * Who sent a request: its client address, whether that is a loopback one, the grant of its token
 * (null when it sent none) and whether the token came from the {@code herald_token} cookie.
 */
public record Caller(String address, boolean loopback, Grant grant, boolean byCookie) {

  public boolean anonymous() {
    return grant == null;
  }

  /** What a limit counts by: the token, or the address of a caller without one. */
  public String limitKey() {
    return grant == null ? "address " + address : "token " + grant.key();
  }
}
