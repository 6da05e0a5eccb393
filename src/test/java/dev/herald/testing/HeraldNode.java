package dev.herald.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Herald node: the shipped WAR on a server process of the test's own, the same server the
 * failsafe execution runs (standalone Tomcat 10.1 from the build's unpacked zip, or Payara Micro
 * 6), bound to 127.0.0.1 with its own settings. A test can kill it (SIGKILL) and start it again.
 */
public final class HeraldNode implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private static final Pattern NOISE = Pattern.compile(" (WARNING|SEVERE) |Exception");

  /** Tomcat's note that the machine's entropy was slow to seed its session ids: not Herald's. */
  private static final Pattern NOT_HERALDS = Pattern.compile("createSecureRandom");

  private final String name;
  private final Map<String, String> settings;
  private final Path base;
  private final int port;
  private Process process;

  private HeraldNode(String name, Map<String, String> settings) throws IOException {
    this.name = name;
    this.settings = settings;
    this.base = Path.of("target", "cluster", name).toAbsolutePath();
    this.port = freePort();
  }

  /** Starts a node and waits until it is ready (its event log included). */
  public static HeraldNode start(String name, Map<String, String> settings)
      throws IOException, InterruptedException {
    HeraldNode node = new HeraldNode(name, settings);
    deleteTree(node.base);
    Files.createDirectories(node.base);
    node.launch();
    return node;
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  public String name() {
    return name;
  }

  private static boolean payara() {
    return "payara".equals(System.getProperty("arquillian.launch"));
  }

  private void launch() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    settings.forEach((key, value) -> command.add("-Dherald." + key + "=" + value));
    command.add("-Dherald.node.name=" + name);
    Path war = Path.of(System.getProperty("it.war", "target/herald.war")).toAbsolutePath();
    if (payara()) {
      Files.createDirectories(base.resolve("logs"));
      Path root = base.resolve("ROOT.war");
      Files.copy(war, root, StandardCopyOption.REPLACE_EXISTING);
      command.addAll(
          List.of(
              "-Djava.io.tmpdir=" + Files.createDirectories(base.resolve("tmp")),
              "-jar",
              System.getProperty("it.payara.jar"),
              "--nocluster",
              "--nohazelcast",
              "--port",
              Integer.toString(port),
              "--prebootcommandfile",
              System.getProperty("it.payara.preboot"),
              "--logtofile",
              base.resolve("logs/server.log").toString(),
              "--deploy",
              root.toString()));
    } else {
      Path home = Path.of(System.getProperty("it.tomcat.home")).toAbsolutePath();
      copyTree(home.resolve("conf"), base.resolve("conf"));
      copyTree(home.resolve("webapps/manager"), base.resolve("webapps/manager"));
      for (String dir : List.of("logs", "temp", "work", "webapps")) {
        Files.createDirectories(base.resolve(dir));
      }
      Files.copy(war, base.resolve("webapps/ROOT.war"), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(war, war(), StandardCopyOption.REPLACE_EXISTING);
      command.addAll(
          List.of(
              "--add-opens=java.base/java.lang=ALL-UNNAMED",
              "--add-opens=java.base/java.io=ALL-UNNAMED",
              "--add-opens=java.base/java.util=ALL-UNNAMED",
              "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
              "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
              "-Dcatalina.home=" + home,
              "-Dcatalina.base=" + base,
              "-Djava.io.tmpdir=" + base.resolve("temp"),
              "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
              "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
              "-Dherald.http.address=127.0.0.1",
              "-Dherald.http.port=" + port,
              "-Dherald.shutdown.port=-1",
              // as in the shared ITs' Tomcat: its background processor, firing during an undeploy,
              // makes Tomcat report its own Catalina-utility thread as leaked (DESIGN.md, Known
              // limits)
              "-Dherald.tomcat.background-delay=-1",
              "-cp",
              home.resolve("bin/bootstrap.jar") + ":" + home.resolve("bin/tomcat-juli.jar"),
              "org.apache.catalina.startup.Bootstrap",
              "start"));
    }
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("console.log").toFile()))
            .start();
    awaitReady(Duration.ofSeconds(payara() ? 120 : 60));
  }

  private void awaitReady(Duration timeout) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " ended: see " + base.resolve("console.log"));
      }
      if (status("/api/health/ready") == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(name + " was not ready within " + timeout);
  }

  /** Names of the node's threads that Herald started. */
  public List<String> heraldThreads() throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()),
                "Thread.print")
            .redirectErrorStream(true)
            .start();
    String dump = new String(jcmd.getInputStream().readAllBytes());
    jcmd.waitFor();
    return dump.lines()
        .filter(line -> line.startsWith("\"herald-"))
        .map(line -> line.substring(1, line.indexOf('"', 1)))
        .toList();
  }

  /** Asks Tomcat's manager (text interface) to {@code command}, e.g. {@code undeploy?path=/}. */
  public String manager(String command) throws IOException, InterruptedException {
    String credentials =
        java.util.Base64.getEncoder().encodeToString("arquillian:arquillian".getBytes());
    return HTTP.send(
            HttpRequest.newBuilder(uri("/manager/text/" + command))
                .header("Authorization", "Basic " + credentials)
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The node's copy of the shipped WAR, to deploy again through the manager. */
  public Path war() {
    return base.resolve("herald.war");
  }

  /** The status of a GET, or -1 if the node did not answer. */
  public int status(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Ends the node's process at once, as a crash would: SIGKILL. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Starts the node again, on the same port, after {@link #kill} or {@link #stop}. */
  public void restart() throws IOException, InterruptedException {
    kill();
    launch();
  }

  /** The lines of the node's log that are warnings, errors or stack traces. */
  public List<String> noise() throws IOException {
    Path logs = base.resolve("logs");
    if (!Files.isDirectory(logs)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(logs)) {
      List<String> noise = new ArrayList<>();
      for (Path file :
          files
              .filter(
                  f -> f.getFileName().toString().matches("(catalina|server).*\\.log(\\.[0-9]+)?"))
              .toList()) {
        Files.readAllLines(file).stream()
            .filter(line -> NOISE.matcher(line).find() && !NOT_HERALDS.matcher(line).find())
            .forEach(noise::add);
      }
      return noise;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
