// The countdown demo: one EventSource, one line per event, closed by us after the last count so
// the browser never reconnects in a loop. It starts when the page opens, as the demo did.
const form = document.getElementById("countdown-form");
const stopButton = document.getElementById("stop");
// Start stays enabled: pressed while a countdown runs, it starts over with the form's values
const startButton = document.getElementById("start");
const state = document.getElementById("state");
const list = document.getElementById("events");

let source = null;

function show(text) {
  state.textContent = text;
  state.dataset.state = text;
}

function finish(text) {
  if (source) {
    source.close();
    source = null;
  }
  const hadFocus = document.activeElement === stopButton;
  stopButton.disabled = true;
  if (hadFocus) {
    startButton.focus(); // a keyboard user is not left on a button that went away
  }
  show(text);
}

function start() {
  finish("idle");
  list.replaceChildren();
  const count = Number(form.count.value);
  const query = new URLSearchParams({ count, interval: form.interval.value });
  source = new EventSource(`api/clock?${query}`);
  stopButton.disabled = false;
  show("connecting");

  source.addEventListener("open", () => show("open"));
  source.addEventListener("message", (message) => {
    const tick = JSON.parse(message.data);
    const item = document.createElement("li");
    item.textContent = `${tick.data} — count ${tick.count}`;
    list.append(item);
    if (tick.count >= count) {
      finish("done");
    }
  });
  source.addEventListener("error", () => {
    if (!source) {
      return;
    }
    if (source.readyState === EventSource.CLOSED) {
      finish("closed");
    } else {
      show("reconnecting");
    }
  });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  start();
});

stopButton.addEventListener("click", () => finish("stopped"));

start();
