package dev.herald.chat.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.chat.control.ChatException;
import dev.herald.chat.entity.ChatRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChatRequestReaderTest {

  private final ChatRequestReader reader = new ChatRequestReader(new ObjectMapper());

  private ChatRequest read(String json) {
    return reader.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private ChatException rejected(String json) {
    return catchThrowableOfType(ChatException.class, () -> read(json));
  }

  @Test
  void readsTheFieldsHeraldUsesAndKeepsTheBodyAsSent() {
    String json =
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
            + "{\"role\":\"assistant\",\"content\":null},{\"role\":\"user\",\"content\":"
            + "[{\"type\":\"text\",\"text\":\"b\"},{\"type\":\"image_url\",\"image_url\":{}}]}],"
            + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_tokens\":9,"
            + "\"max_completion_tokens\":5,\"seed\":1}";
    ChatRequest request = read(json);

    assertThat(request.model()).isEqualTo("m");
    assertThat(request.stream()).isTrue();
    assertThat(request.includeUsage()).isTrue();
    assertThat(request.maxTokens()).isEqualTo(5);
    assertThat(request.lastUserText()).isEqualTo("b");
    assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo(json);
  }

  @Test
  void defaultsToNoStreamNoUsageNoLimit() {
    ChatRequest request =
        read("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"\"}]}");

    assertThat(request.stream()).isFalse();
    assertThat(request.includeUsage()).isFalse();
    assertThat(request.maxTokens()).isNull();
  }

  @Test
  void namesTheFieldItRejects() {
    String ok = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    assertThat(rejected("{" + ok + "}").error().error().param()).isEqualTo("model");
    assertThat(rejected("{\"model\":\"m\",\"messages\":{}}").error().error().param())
        .isEqualTo("messages");
    assertThat(
            rejected("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"},{\"role\":\"bot\"}]}")
                .error()
                .error()
                .param())
        .isEqualTo("messages[1].role");
    assertThat(
            rejected("{\"model\":\"m\"," + ok + ",\"stream_options\":{\"include_usage\":1}}")
                .error()
                .error()
                .param())
        .isEqualTo("stream_options.include_usage");
    assertThat(rejected("{\"model\":\"m\"," + ok + ",\"max_tokens\":1.5}").error().error().param())
        .isEqualTo("max_tokens");
    assertThat(rejected("{\"model\":\"m\"," + ok + ",\"max_tokens\":1e12}").status())
        .isEqualTo(400);
    assertThat(rejected("{").error().error().param()).isNull();
  }
}
