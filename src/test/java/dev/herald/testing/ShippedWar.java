package dev.herald.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR the build produced, exactly as it ships; ITs deploy it, never a hand-made archive. It is
 * deployed as {@code ROOT.war}, at {@code /}, as the Docker images run it.
 */
public final class ShippedWar {

  public static final String NAME = "ROOT.war";

  private ShippedWar() {}

  public static WebArchive get() {
    File war = new File(System.getProperty("it.war", "target/herald.war"));
    if (!war.isFile()) {
      throw new IllegalStateException(war + " is missing: run the ITs through `./mvnw verify`");
    }
    return ShrinkWrap.create(ZipImporter.class, NAME).importFrom(war).as(WebArchive.class);
  }
}
