package dev.herald.auth.control;

import dev.herald.config.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The origins listed in {@code cors.origins} (comma-separated, exact, such as {@code
 * https://app.example.com}): pages there may call Herald from the browser. None by default.
 */
@ApplicationScoped
public class Origins {

  @Inject Settings settings;

  private Set<String> listed;

  @PostConstruct
  void configure() {
    String raw = settings.text("cors.origins", "");
    listed =
        Arrays.stream(raw.split(","))
            .map(String::trim)
            .filter(origin -> !origin.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    if (listed.contains("*") || listed.contains("null")) {
      throw new IllegalStateException(
          "cors.origins lists exact origins such as https://app.example.com, never * or null");
    }
  }

  public boolean listed(String origin) {
    return origin != null && listed.contains(origin);
  }
}
