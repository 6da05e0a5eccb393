package dev.herald.chat.control;

import dev.herald.chat.entity.ChatCompletion;
import dev.herald.chat.entity.ChatCompletionChunk;
import dev.herald.chat.entity.ChatMessage;
import dev.herald.chat.entity.ChatRequest;
import dev.herald.chat.entity.Model;
import dev.herald.chat.entity.Usage;
import dev.herald.config.Settings;
import dev.herald.scheduling.Scheduler;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code herald-echo}: an offline demo generator, not a language model. It answers with the last
 * user message and a fixed sentence, streamed token by token at {@code chat.demo.tokens-per-second}
 * on the shared scheduler, so a waiting stream holds no thread.
 */
@ApplicationScoped
public class EchoModel {

  public static final String NAME = "herald-echo";
  public static final Model MODEL = new Model(NAME, 1_763_942_400L, "herald-demo");
  static final int DEFAULT_TOKENS_PER_SECOND = 30;
  static final String SIGNATURE =
      " (This is herald-echo, Herald's offline demo generator: it repeats what you wrote and is not"
          + " a language model.)";

  @Inject Settings settings;
  @Inject Scheduler scheduler;

  private Clock clock = Clock.systemUTC();
  private long tokenMillis;
  private boolean enabled;

  @PostConstruct
  void configure() {
    enabled = settings.flag("chat.demo", settings.text("chat.upstream.url", null) == null);
    tokenMillis =
        1000 / settings.number("chat.demo.tokens-per-second", DEFAULT_TOKENS_PER_SECOND, 1, 1000);
  }

  /** Whether {@code herald-echo} is offered ({@code chat.demo}). */
  public boolean enabled() {
    return enabled;
  }

  public static String reply(String lastUserText) {
    return "You said: " + lastUserText + SIGNATURE;
  }

  public ChatCompletion complete(ChatRequest request) {
    Answer answer = answer(request);
    return new ChatCompletion(
        answer.id,
        answer.created,
        NAME,
        List.of(
            new ChatCompletion.Choice(
                0,
                new ChatCompletion.Message("assistant", String.join("", answer.tokens)),
                answer.finishReason)),
        answer.usage());
  }

  /** Streams the answer to {@code stream}, one chunk per scheduler run. */
  public void stream(ChatRequest request, ChatStream stream) {
    Answer answer = answer(request);
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    chunks.add(answer.chunk(new ChatCompletionChunk.Delta("assistant", ""), null));
    for (String token : answer.tokens) {
      chunks.add(answer.chunk(new ChatCompletionChunk.Delta(null, token), null));
    }
    chunks.add(answer.chunk(new ChatCompletionChunk.Delta(null, null), answer.finishReason));
    if (request.includeUsage()) {
      chunks.add(
          new ChatCompletionChunk(answer.id, answer.created, NAME, List.of(), answer.usage()));
    }
    EchoStream echo = new EchoStream(chunks, stream);
    echo.scheduledAs(scheduler.paced(tokenMillis, echo));
  }

  private Answer answer(ChatRequest request) {
    List<String> tokens = Tokens.of(reply(request.lastUserText()));
    String finishReason = "stop";
    if (request.maxTokens() != null && request.maxTokens() < tokens.size()) {
      tokens = tokens.subList(0, request.maxTokens());
      finishReason = "length";
    }
    int prompt = request.messages().stream().map(ChatMessage::text).mapToInt(Tokens::count).sum();
    return new Answer(
        "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""),
        clock.instant().getEpochSecond(),
        tokens,
        finishReason,
        prompt);
  }

  private record Answer(
      String id, long created, List<String> tokens, String finishReason, int promptTokens) {

    ChatCompletionChunk chunk(ChatCompletionChunk.Delta delta, String finishReason) {
      return new ChatCompletionChunk(
          id, created, NAME, List.of(new ChatCompletionChunk.Choice(0, delta, finishReason)), null);
    }

    Usage usage() {
      return Usage.of(promptTokens, tokens.size());
    }
  }
}
