// The console: one EventSource per chosen topic, a log of what arrives, a publish form and the
// topic table, refreshed every two seconds.
import { describeFailure } from "./problems.js";
import { streamRefusal } from "./token.js";

const MAX_ROWS = 500;
const MAX_TOPICS = 4; // browsers allow about six connections per server over HTTP/1.1
const TOPIC = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const $ = (id) => document.getElementById(id);
const log = $("log");
const knownTypes = new Set();
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
}

class Subscription {
  constructor(topic) {
    this.topic = topic;
    this.lastEventId = null;
    this.replayUpTo = null;
    this.retryMillis = 3000;
    this.source = null;
    this.timer = null;
    this.state = "connecting";
  }

  connect() {
    const query = this.lastEventId ? `?${new URLSearchParams({ lastEventId: this.lastEventId })}` : "";
    this.setState(this.lastEventId ? "reconnecting" : "connecting");
    this.source = new EventSource(`api/topics/${encodeURIComponent(this.topic)}/events${query}`);
    this.source.addEventListener("open", () => this.setState("open"));
    this.source.addEventListener("message", (event) => this.show(event));
    for (const type of knownTypes) {
      this.listen(type);
    }
    this.source.addEventListener("herald-reset", (event) => {
      const reset = JSON.parse(event.data);
      this.notice(
        `gap signalled: events after ${reset.lastEventId} are no longer retained (${reset.reason});` +
          ` replay starts at ${reset.oldestId ?? "the next event"}`,
      );
    });
    this.source.addEventListener("error", () => this.lost());
  }

  listen(type) {
    this.source?.addEventListener(type, (event) => this.show(event));
  }

  // EventSource would reconnect by itself; doing it here lets us learn first which events exist,
  // so everything up to them that arrives on resume is shown as replayed.
  lost() {
    if (!this.source) {
      return;
    }
    this.source.close();
    this.source = null;
    this.setState("reconnecting");
    this.notice(`disconnected after id ${this.lastEventId ?? "(none)"}; resuming`);
    this.timer = setTimeout(() => this.resume(), this.retryMillis);
  }

  async resume() {
    const refused = await streamRefusal(`api/topics/${encodeURIComponent(this.topic)}/events`);
    if (refused) {
      // a 401 or 403 is not an outage: say so and stop, a new token makes the next try work
      this.notice(`refused: ${refused}`);
      $("subscribe-error").textContent = refused;
      this.setState("closed");
      return;
    }
    try {
      const response = await fetch(`api/topics/${encodeURIComponent(this.topic)}`);
      this.replayUpTo = response.ok ? (await response.json()).lastEventId : null;
    } catch {
      this.replayUpTo = null;
    }
    this.replaying = this.replayUpTo !== null && this.replayUpTo !== this.lastEventId;
    this.connect();
  }

  show(event) {
    this.lastEventId = event.lastEventId || this.lastEventId;
    const tr = row(
      [new Date().toLocaleTimeString(), this.topic, event.lastEventId, event.type, pretty(event.data)],
      this.replaying ? "replayed" : "",
    );
    tr.dataset.id = event.lastEventId;
    tr.dataset.topic = this.topic;
    if (this.replaying && event.lastEventId === this.replayUpTo) {
      this.replaying = false;
    }
  }

  notice(text) {
    row([new Date().toLocaleTimeString(), this.topic, "", "", text], "notice");
  }

  setState(state) {
    this.state = state;
    showConnection();
  }

  close() {
    clearTimeout(this.timer);
    this.source?.close();
    this.source = null;
  }
}

function closeAll() {
  subscriptions.forEach((subscription) => subscription.close());
  subscriptions = [];
  showConnection();
  $("subscribe").disabled = false;
  $("unsubscribe").disabled = true;
}

function learnType(type) {
  if (type && type !== "message" && !knownTypes.has(type)) {
    knownTypes.add(type);
    subscriptions.forEach((subscription) => subscription.listen(type));
  }
}

$("subscribe-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const chosen = [...new Set($("topics").value.split(",").map((t) => t.trim()).filter(Boolean))];
  const bad = chosen.find((topic) => !TOPIC.test(topic));
  let problem = "";
  if (bad) {
    problem = `"${bad}" is not a topic name: letters, digits, '.', '_' and '-', up to 64 characters`;
  } else if (chosen.length === 0 || chosen.length > MAX_TOPICS) {
    problem = `choose 1 to ${MAX_TOPICS} topics`;
  }
  $("subscribe-error").textContent = problem;
  if (problem) {
    return;
  }
  $("types").value.split(",").map((t) => t.trim()).forEach(learnType);
  closeAll();
  subscriptions = chosen.map((topic) => new Subscription(topic));
  $("subscribe").disabled = true;
  $("unsubscribe").disabled = false;
  subscriptions.forEach((subscription) => subscription.connect());
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
    learnType(published.type);
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
