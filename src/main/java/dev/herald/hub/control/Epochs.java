package dev.herald.hub.control;

import java.security.SecureRandom;

/** New epochs: eight random characters that {@link dev.herald.hub.entity.EventIds} accepts. */
public final class Epochs {

  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Epochs() {}

  public static String next() {
    char[] epoch = new char[8];
    for (int i = 0; i < epoch.length; i++) {
      epoch[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(epoch);
  }
}
