package dev.herald;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

@ApplicationPath("api")
public class HeraldApplication extends Application {

  @Override
  public Map<String, Object> getProperties() {
    return Map.of(
        // WADL needs JAXB, which Tomcat lacks: without this every start logs a warning.
        "jersey.config.server.wadl.disableWadl",
        true,
        // Payara's default JSON provider is JSON-B; Herald's JSON shapes are Jackson's.
        "jersey.config.jsonFeature",
        "JacksonFeature",
        // what Jersey throws while matching a request reaches RequestFailureMapper, not the server
        "jersey.config.server.exception.processResponseErrors",
        true,
        // Herald reads no forms: a form-typed request with a query string made Jersey warn
        "jersey.config.servlet.form.queryParams.disabled",
        true);
  }
}
