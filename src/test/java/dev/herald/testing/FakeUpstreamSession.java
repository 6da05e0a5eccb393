package dev.herald.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Keeps the fake chat upstream up for the whole failsafe run (system property {@code
 * it.chat.upstream} = its port), since any IT may reach it through Herald.
 */
public class FakeUpstreamSession implements LauncherSessionListener {

  private FakeUpstream fake;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    String port = System.getProperty("it.chat.upstream");
    if (port != null && !port.isBlank()) {
      try {
        fake = FakeUpstream.start(Integer.parseInt(port));
      } catch (IOException e) {
        throw new UncheckedIOException("The fake chat upstream cannot listen on " + port, e);
      }
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (fake != null) {
      fake.stop();
    }
  }
}
