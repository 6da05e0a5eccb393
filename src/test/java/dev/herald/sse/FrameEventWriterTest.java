package dev.herald.sse;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayOutputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import org.glassfish.jersey.media.sse.OutboundEvent;
import org.junit.jupiter.api.Test;

class FrameEventWriterTest {

  private final FrameEventWriter writer = new FrameEventWriter();

  @Test
  void writesTheFrameLessTheLineFeedThatJerseysChunkDelimiterAdds() throws Exception {
    EventFrame frame = EventFrame.event("7", "note", "a\r\nb");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    writer.writeTo(
        new FrameEvent(frame),
        FrameEvent.class,
        FrameEvent.class,
        new Annotation[0],
        MediaType.SERVER_SENT_EVENTS_TYPE,
        null,
        out);
    out.write('\n');

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(frame.toString());
  }

  @Test
  void takesFramesOnlyNotJerseysOwnEvents() {
    assertThat(writer.isWriteable(FrameEvent.class, FrameEvent.class, null, null)).isTrue();
    assertThat(writer.isWriteable(OutboundEvent.class, OutboundEvent.class, null, null)).isFalse();
  }
}
