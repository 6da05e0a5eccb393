package dev.herald.testing;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build produced, exactly as it ships; ITs deploy it, never a hand-made archive. */
public final class ShippedWar {

  private ShippedWar() {}

  public static WebArchive get() {
    File war = new File(System.getProperty("it.war", "target/herald.war"));
    if (!war.isFile()) {
      throw new IllegalStateException(war + " is missing: run the ITs through `./mvnw verify`");
    }
    return ShrinkWrap.createFromZipFile(WebArchive.class, war);
  }
}
