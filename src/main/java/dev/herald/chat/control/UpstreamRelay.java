package dev.herald.chat.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * Relays one upstream event stream to one client, a line at a time as it arrives. Runs on the HTTP
 * client's small pool and holds no thread while waiting. When the client leaves, the upstream
 * request is cancelled, which closes its connection.
 */
final class UpstreamRelay implements Flow.Subscriber<String> {

  static final long HEARTBEAT_NANOS = 500_000_000L;
  private static final JsonFactory JSON = new JsonFactory();

  private final RelayClient client;
  private final UpstreamFailures failures;
  private final long silenceNanos;
  private final Consumer<UpstreamRelay> onEnd;
  private ChatStream stream;
  private Flow.Subscription subscription;
  private CompletableFuture<?> exchange;
  private StringBuilder data;
  private volatile long lastUpstreamNanos = System.nanoTime();
  private boolean ended;

  UpstreamRelay(
      RelayClient client,
      UpstreamFailures failures,
      long silenceMillis,
      Consumer<UpstreamRelay> onEnd) {
    this.client = client;
    this.failures = failures;
    this.silenceNanos = silenceMillis * 1_000_000L;
    this.onEnd = onEnd;
  }

  synchronized void exchangeAs(CompletableFuture<?> exchange) {
    this.exchange = exchange;
    exchange.whenComplete((ignored, failure) -> finished(failure));
    if (ended) {
      cancel();
    }
  }

  /** Called when the upstream's status line and headers arrived. */
  HttpResponse.BodySubscriber<Void> answer(HttpResponse.ResponseInfo info) {
    if (info.statusCode() == 200 && !isEnded()) {
      // opened outside this relay's lock: the server lets a stream go non-blocking only once the
      // request's own thread has left, and that thread may be waiting for the lock in exchangeAs
      ChatStream opened = client.open();
      synchronized (this) {
        if (!ended) {
          stream = opened;
          return HttpResponse.BodySubscribers.fromLineSubscriber(this);
        }
      }
      opened.fail(failures.endedEarly().error());
      return HttpResponse.BodySubscribers.replacing(null);
    }
    return HttpResponse.BodySubscribers.<String, Void>mapping(
        HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8),
        body -> {
          refuse(failures.fromStatus(info.statusCode(), body));
          return null;
        });
  }

  private synchronized boolean isEnded() {
    return ended;
  }

  @Override
  public synchronized void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (!ended) {
      subscription.request(1);
    }
  }

  @Override
  public synchronized void onNext(String line) {
    lastUpstreamNanos = System.nanoTime();
    if (!ended) {
      if (line.isEmpty()) {
        dispatch();
      } else if (line.startsWith("data:")) {
        String value = line.substring(line.startsWith("data: ") ? 6 : 5);
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    // the next line once the client has taken this one: a slow client slows its upstream (TCP
    // holds what it sends meanwhile) and holds no thread; after [DONE], read on to the end of the
    // body, so the connection can serve the next request
    if (stream == null) {
      subscription.request(1);
    } else {
      stream.whenWritable(this::more);
    }
  }

  private synchronized void more() {
    subscription.request(1);
  }

  private void dispatch() {
    if (data == null) {
      return;
    }
    String chunk = data.toString();
    data = null;
    if ("[DONE]".equals(chunk)) {
      stream.done();
      end();
    } else if (!isJson(chunk)) {
      stream.fail(failures.malformedChunk().error());
      cancel();
    } else if (!stream.sendJson(chunk)) {
      cancel();
    }
  }

  @Override
  public synchronized void onError(Throwable failure) {
    finished(failure);
  }

  @Override
  public synchronized void onComplete() {
    finished(null);
  }

  private synchronized void finished(Throwable failure) {
    if (ended) {
      return;
    }
    if (stream == null) {
      refuse(failure == null ? failures.endedEarly() : failures.from(failure));
      return;
    }
    stream.fail((failure == null ? failures.endedEarly() : failures.from(failure)).error());
    end();
  }

  /** Run by the scheduler: notices a client that left, and an upstream that went silent. */
  synchronized void check() {
    if (ended || stream == null) {
      return;
    }
    long silent = System.nanoTime() - lastUpstreamNanos;
    if (!stream.isOpen() || (silent > HEARTBEAT_NANOS && !stream.heartbeat())) {
      cancel();
    } else if (silent > silenceNanos) {
      stream.fail(failures.silent().error());
      cancel();
    }
  }

  /**
   * Cancels the exchange, which closes the upstream connection. Cancelling the body subscription
   * would close it too, but on Java 17 leaves the client counting the exchange as pending, so its
   * selector thread would never end.
   */
  synchronized void cancel() {
    end();
    if (exchange != null) {
      exchange.cancel(true);
    }
  }

  private void refuse(ChatException error) {
    if (!ended) {
      end();
      client.refuse(error);
    }
  }

  private void end() {
    if (!ended) {
      ended = true;
      onEnd.accept(this);
    }
  }

  private static boolean isJson(String text) {
    // read through without building a tree: this runs for every chunk of every relayed stream
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
