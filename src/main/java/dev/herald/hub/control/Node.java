package dev.herald.hub.control;

import dev.herald.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * This node's name among several, told to clients in the {@code Herald-Node} header of a stream:
 * {@code node.name}, else the host's name and a random part.
 */
@ApplicationScoped
public class Node {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Inject Settings settings;

  private String name;

  @PostConstruct
  void configure() {
    name = settings.text("node.name", null);
    if (name == null) {
      name = localHost() + "-" + Epochs.next().substring(0, 4);
    } else if (!NAME.matcher(name).matches()) {
      throw new IllegalStateException(
          "Setting node.name=%s must be 1 to 64 letters, digits, '.', '_' or '-'".formatted(name));
    }
  }

  public String name() {
    return name;
  }

  private static String localHost() {
    try {
      String host = InetAddress.getLocalHost().getHostName();
      return NAME.matcher(host).matches() ? host : "node";
    } catch (UnknownHostException e) {
      return "node";
    }
  }
}
