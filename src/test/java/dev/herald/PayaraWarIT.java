package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * target/herald-payara.war (built in every build) is target/herald.war without the jars Payara
 * provides, as {@code ./mvnw -Ppayara package} builds it: the same classes and web files, and in
 * WEB-INF/lib exactly the jars that Payara Micro does not ship. Today that is none, as with the
 * profile, whose provided scope leaves WEB-INF/lib out entirely.
 */
class PayaraWarIT {

  private static final String LIB = "WEB-INF/lib/";
  private static final String PAYARA_MODULES = "MICRO-INF/runtime/";

  /** Built on Tomcat's connector API, which Payara does not have. */
  private static final String TOMCAT_ONLY = "WEB-INF/classes/dev/herald/sse/tomcat/";

  private final File tomcatWar = new File(System.getProperty("it.tomcat.war", "target/herald.war"));
  private final File payaraWar =
      new File(System.getProperty("it.payara.war", "target/herald-payara.war"));
  private final File payaraMicro =
      new File(System.getProperty("it.payara.jar", "target/it/payara-micro.jar"));

  @Test
  void holdsTheSameApplicationAsTheTomcatWarButItsTomcatStreams() throws IOException {
    Set<String> tomcatOnly = entries(tomcatWar, name -> name.startsWith(TOMCAT_ONLY));
    assertThat(tomcatOnly).as("the Tomcat WAR's upgraded streams").isNotEmpty();
    Set<String> tomcatApplication =
        entries(tomcatWar, name -> !name.startsWith(LIB) && !name.startsWith(TOMCAT_ONLY));
    assertThat(entries(payaraWar, name -> !name.startsWith(LIB)))
        .isEqualTo(tomcatApplication)
        .contains("WEB-INF/classes/dev/herald/HeraldApplication.class", "index.html");
  }

  @Test
  void bundlesExactlyTheJarsPayaraDoesNotProvide() throws IOException {
    Set<String> payaraProvides =
        entries(payaraMicro, name -> name.startsWith(PAYARA_MODULES) && name.endsWith(".jar"))
            .stream()
            .map(name -> name.substring(PAYARA_MODULES.length(), name.length() - ".jar".length()))
            .collect(Collectors.toSet());
    Set<String> tomcatJars = jars(tomcatWar);
    assertThat(tomcatJars).as("the Tomcat WAR bundles Jersey, Weld and Jackson").isNotEmpty();

    Set<String> expected = new TreeSet<>();
    for (String jar : tomcatJars) {
      // Payara has its own Weld; the servlet flavour would break it (Tomcat's InstanceManager)
      boolean provided =
          payaraProvides.contains(artifactId(jar)) || jar.startsWith("weld-servlet-shaded-");
      if (!provided) {
        expected.add(jar);
      }
    }
    assertThat(jars(payaraWar)).isEqualTo(expected);
  }

  private static Set<String> jars(File war) throws IOException {
    return entries(war, name -> name.startsWith(LIB) && name.endsWith(".jar")).stream()
        .map(name -> name.substring(LIB.length()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** {@code jersey-server-3.1.12.jar} is {@code jersey-server}, as Payara names its module. */
  private static String artifactId(String jar) {
    return jar.replaceFirst("-\\d[^-]*(-[A-Za-z]+)?\\.jar$", "");
  }

  private static Set<String> entries(File zip, java.util.function.Predicate<String> keep)
      throws IOException {
    assertThat(zip).as("run through `./mvnw verify`").isFile();
    try (ZipFile file = new ZipFile(zip)) {
      return file.stream()
          .map(ZipEntry::getName)
          .filter(name -> !name.endsWith("/"))
          .filter(keep)
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
