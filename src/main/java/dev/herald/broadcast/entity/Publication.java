package dev.herald.broadcast.entity;

/**
 * An event for a topic, fired as a CDI event by code that should not know SSE: {@code
 * Event<Publication>.fire} publishes it before it returns, {@code fireAsync} completes its stage
 * once it is published. {@code type} null is {@code message}; {@code data} is written as JSON by
 * Jackson, a {@code String} as it is.
 */
public record Publication(String topic, String type, Object data) {

  public Publication {
    if (data == null) {
      throw new IllegalArgumentException("A publication needs data");
    }
  }

  public static Publication of(String topic, Object data) {
    return new Publication(topic, null, data);
  }
}
