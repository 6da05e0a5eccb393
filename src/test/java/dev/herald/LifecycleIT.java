package dev.herald;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.HeraldNode;
import dev.herald.testing.RedisServer;
import dev.herald.testing.ShippedWar;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deploys, uses and undeploys the WAR ten times on the standalone Tomcat: every Herald thread must
 * be gone after each undeploy. Tomcat's own leak warnings ("appears to have started a thread ...
 * but has failed to stop it") fail the build through the quiet-server-log check.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LifecycleIT {

  private static final String WAR = "lifecycle";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Deployment(name = WAR, managed = false, testable = false)
  static WebArchive war() {
    return ShippedWar.get();
  }

  @ArquillianResource Deployer deployer;

  @Test
  void redeployingTenTimesLeavesNoHeraldThreadBehind() throws Exception {
    try (JMXConnector jmx = connect()) {
      ThreadMXBean threads = threads(jmx.getMBeanServerConnection());
      for (int cycle = 1; cycle <= 10; cycle++) {
        deployer.deploy(WAR);
        HttpResponse<String> countdown =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + "api/clock?count=2&interval=50"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(countdown.body()).as("cycle %d serves", cycle).contains("\"count\":2");
        assertThat(heraldThreads(threads)).as("cycle %d runs its threads", cycle).isNotEmpty();

        deployer.undeploy(WAR);
        assertThat(heraldThreads(threads)).as("threads left after undeploy %d", cycle).isEmpty();
      }
    }
  }

  /**
   * The same on the Redis log, on a Tomcat of the test's own (its settings differ from the shared
   * one's): the tail's thread and connection, and Jedis, leave nothing behind, and Tomcat reports
   * no thread or ThreadLocal the application failed to clean up.
   */
  @Test
  void redeployingTenTimesOnRedisLeavesNoThreadAndNoLeakBehind() throws Exception {
    try (RedisServer redis = RedisServer.start();
        HeraldNode node = HeraldNode.start("lifecycle", Map.of("redis.url", redis.url()))) {
      for (int cycle = 1; cycle <= 10; cycle++) {
        HttpResponse<String> published =
            HTTP.send(
                HttpRequest.newBuilder(node.uri("/api/topics/lifecycle/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"data\":" + cycle + "}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(published.statusCode()).as("cycle %d publishes", cycle).isEqualTo(201);
        assertThat(node.heraldThreads()).as("cycle %d runs its tail", cycle).isNotEmpty();
        assertThat(node.manager("undeploy?path=/")).startsWith("OK");
        assertThat(node.heraldThreads()).as("threads left after undeploy %d", cycle).isEmpty();
        assertThat(node.manager("deploy?path=/&war=file:" + node.war())).startsWith("OK");
      }
      assertThat(node.noise()).as("Tomcat's log").isEmpty();
    }
  }

  private static String base() {
    return "http://127.0.0.1:" + System.getProperty("it.tomcat.http") + "/";
  }

  private static List<String> heraldThreads(ThreadMXBean threads) {
    ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds());
    return Arrays.stream(infos)
        .filter(Objects::nonNull)
        .map(ThreadInfo::getThreadName)
        .filter(name -> name.startsWith("herald-"))
        .toList();
  }

  private static JMXConnector connect() throws Exception {
    String port = System.getProperty("it.tomcat.jmx");
    return JMXConnectorFactory.connect(
        new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi"));
  }

  private static ThreadMXBean threads(MBeanServerConnection server) throws Exception {
    return ManagementFactory.newPlatformMXBeanProxy(
        server, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
  }
}
