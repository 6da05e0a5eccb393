// The console: one stream per chosen topic, read with fetch and a standard SSE parser so that
// every event type shows without being named first, the response's Herald-Node header can be
// shown, and a resume can send Last-Event-ID itself; a log of what arrives, a publish form and
// the topic table, refreshed every two seconds.
import { describeFailure } from "./problems.js";
import { readEvents } from "./sse.js";

const MAX_ROWS = 500;
const MAX_TOPICS = 4; // browsers allow about six connections per server over HTTP/1.1
const TOPIC = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const $ = (id) => document.getElementById(id);
const log = $("log");
let subscriptions = [];

function row(cells, className) {
  const tr = document.createElement("tr");
  if (className) {
    tr.className = className;
  }
  for (const cell of cells) {
    const td = document.createElement("td");
    td.append(cell);
    tr.append(td);
  }
  log.prepend(tr);
  while (log.rows.length > MAX_ROWS) {
    log.deleteRow(-1);
  }
  return tr;
}

function pretty(data) {
  const pre = document.createElement("pre");
  try {
    pre.textContent = JSON.stringify(JSON.parse(data), null, 2);
  } catch {
    pre.textContent = data;
  }
  return pre;
}

function showConnection() {
  const states = subscriptions.map((subscription) => subscription.state);
  const state =
    states.length === 0
      ? "closed"
      : ["reconnecting", "connecting", "closed"].find((s) => states.includes(s)) ?? "open";
  $("connection").textContent = state;
  $("connection").dataset.state = state;
  // several nodes behind one address: which served each stream (nothing when it is not said)
  const nodes = [...new Set(subscriptions.map((subscription) => subscription.node).filter(Boolean))];
  $("node").textContent = nodes.join(", ");
  $("node-line").hidden = nodes.length === 0;
}

const RESET = "herald-reset";
const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

// The id of a topic's newest event: what a resume replays up to (null: nothing to replay). The
// list, not /api/topics/{topic}: a topic nobody published to yet is no error to log.
async function newestId(topic) {
  try {
    const response = await fetch("api/topics");
    const known = response.ok ? (await response.json()).find((t) => t.name === topic) : null;
    return known?.lastEventId ?? null;
  } catch {
    return null;
  }
}

class Subscription {
  constructor(topic, resumeFrom) {
    this.topic = topic;
    this.lastEventId = resumeFrom || "";
    this.replayUpTo = null;
    this.retryMillis = 3000;
    this.node = null;
    this.state = "connecting";
    this.stopping = new AbortController();
  }

  // Connects, reads until the stream ends or fails, and resumes after the server's retry hint
  // with the last id seen, until closed. A 4xx is final: the same request would get it again.
  async run() {
    const { signal } = this.stopping;
    while (!signal.aborted) {
      this.replayUpTo = this.lastEventId ? await newestId(this.topic) : null;
      this.replaying = this.replayUpTo !== null && this.replayUpTo !== this.lastEventId;
      this.setState(this.lastEventId ? "reconnecting" : "connecting");
      try {
        const response = await this.open(signal);
        if (!response.ok) {
          const failure = await describeFailure(response);
          if (response.status < 500) {
            this.notice(`refused: ${failure}`);
            this.setState("closed");
            return;
          }
          this.notice(`${failure}; trying again`);
        } else {
          this.node = response.headers.get("Herald-Node");
          this.setState("open");
          await this.read(response.body);
          this.notice(`stream ended after id ${this.lastEventId || "(none)"}; resuming`);
        }
      } catch (error) {
        if (signal.aborted) {
          return;
        }
        this.notice(`disconnected after id ${this.lastEventId || "(none)"} (${error.message}); resuming`);
      }
      this.setState("reconnecting");
      await sleep(this.retryMillis, signal);
    }
  }

  open(signal) {
    const headers = { Accept: "text/event-stream" };
    if (this.lastEventId) {
      headers["Last-Event-ID"] = this.lastEventId;
    }
    return fetch(`api/topics/${encodeURIComponent(this.topic)}/events`, {
      headers,
      cache: "no-store",
      signal,
    });
  }

  async read(body) {
    const events = readEvents(body, {
      lastEventId: this.lastEventId,
      onRetry: (millis) => {
        this.retryMillis = millis;
      },
    });
    for await (const event of events) {
      if (event.type === RESET) {
        this.reset(event);
      } else {
        this.lastEventId = event.id;
        this.show(event);
      }
    }
  }

  show(event) {
    const type = document.createElement("span");
    type.textContent = event.type;
    if (this.replaying) {
      const tag = document.createElement("span");
      tag.className = "tag replayed";
      tag.textContent = "replayed";
      type.append(" ", tag);
    }
    const tr = row(
      [new Date().toLocaleTimeString(), this.topic, event.id, type, pretty(event.data)],
      this.replaying ? "replayed" : "",
    );
    tr.dataset.id = event.id;
    tr.dataset.topic = this.topic;
    tr.dataset.type = event.type;
    if (this.replaying && event.id === this.replayUpTo) {
      this.replaying = false;
    }
  }

  // The hub could not resume from our id: it says why, then replays all it still has.
  reset(event) {
    let text = event.data;
    try {
      const reset = JSON.parse(event.data);
      text =
        `cannot resume after ${reset.lastEventId} (${reset.reason}): ` +
        `replaying all retained events from ${reset.oldestId ?? "the next one"}`;
    } catch {
      // show the data as it came
    }
    const tr = row([new Date().toLocaleTimeString(), this.topic, "", RESET, text], "reset");
    tr.dataset.topic = this.topic;
    tr.dataset.type = RESET;
  }

  notice(text) {
    row([new Date().toLocaleTimeString(), this.topic, "", "", text], "notice");
  }

  setState(state) {
    this.state = state;
    showConnection();
  }

  close() {
    this.stopping.abort();
  }
}

// Moves the focus along when the button that has it is disabled, so the keyboard is not lost.
function swapButtons(enable, disable) {
  const hadFocus = document.activeElement === $(disable);
  $(enable).disabled = false;
  $(disable).disabled = true;
  if (hadFocus) {
    $(enable).focus();
  }
}

function closeAll() {
  subscriptions.forEach((subscription) => subscription.close());
  subscriptions = [];
  showConnection();
  swapButtons("subscribe", "unsubscribe");
}

$("subscribe-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const chosen = [...new Set($("topics").value.split(",").map((t) => t.trim()).filter(Boolean))];
  const bad = chosen.find((topic) => !TOPIC.test(topic));
  const resumeFrom = $("resume-from").value.trim();
  let problem = "";
  if (bad) {
    problem = `"${bad}" is not a topic name: letters, digits, '.', '_' and '-', up to 64 characters`;
  } else if (chosen.length === 0 || chosen.length > MAX_TOPICS) {
    problem = `choose 1 to ${MAX_TOPICS} topics`;
  } else if (/[\u0000-\u001f\u007f]/.test(resumeFrom) || resumeFrom.length > 256) {
    problem = "an id is up to 256 characters without control characters";
  }
  $("subscribe-error").textContent = problem;
  if (problem) {
    return;
  }
  closeAll();
  subscriptions = chosen.map((topic) => new Subscription(topic, resumeFrom));
  swapButtons("unsubscribe", "subscribe");
  subscriptions.forEach((subscription) => subscription.run());
});

$("unsubscribe").addEventListener("click", closeAll);

$("publish-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("publish-error").textContent = "";
  $("publish-result").textContent = "";
  const topic = $("publish-topic").value.trim();
  const type = $("publish-type").value.trim();
  const data = $("publish-data").value;
  let request;
  if ($("publish-format").value === "json") {
    // the data goes to the server as typed, so the server's own validation speaks
    const typePart = type ? `"type":${JSON.stringify(type)},` : "";
    request = {
      headers: { "Content-Type": "application/json" },
      body: `{${typePart}"data":${data}}`,
    };
  } else {
    request = { headers: { "Content-Type": "text/plain; charset=utf-8" }, body: data };
  }
  const query = $("publish-format").value === "text" && type ? `?${new URLSearchParams({ type })}` : "";
  try {
    const response = await fetch(`api/topics/${encodeURIComponent(topic)}/events${query}`, {
      method: "POST",
      ...request,
    });
    if (!response.ok) {
      $("publish-error").textContent = await describeFailure(response);
      return;
    }
    const published = await response.json();
    $("publish-result").textContent = `published ${published.id} to ${published.topic}`;
  } catch (error) {
    $("publish-error").textContent = `network error: ${error.message}`;
  }
});

async function refreshTopics() {
  try {
    const response = await fetch("api/topics");
    if (!response.ok) {
      return;
    }
    const rows = (await response.json()).map((topic) => {
      const tr = document.createElement("tr");
      tr.dataset.topic = topic.name;
      for (const [value, numeric] of [
        [topic.name, false],
        [String(topic.subscribers), true],
        [String(topic.retained), true],
        [topic.lastEventId ?? "", false],
      ]) {
        const td = document.createElement("td");
        td.textContent = value;
        if (numeric) {
          td.className = "number";
        }
        tr.append(td);
      }
      return tr;
    });
    $("topic-table").replaceChildren(...rows);
  } catch {
    // the next refresh tries again; the connection state already tells of an outage
  }
}

refreshTopics();
setInterval(refreshTopics, 2000);
