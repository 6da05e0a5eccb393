// The JVM dashboard: four uPlot charts of the `jvm` topic. The stream starts at the oldest event
// the hub retains (lastEventId=0 asks for everything after the first id), so the charts fill at
// once, then move with every live event; EventSource resumes from the last id it saw.
import { TimeChart } from "./time-chart.js";

const MIB = 1024 * 1024;
const $ = (id) => document.getElementById(id);
const oneDecimal = (value) => value.toFixed(1);
const whole = (value) => String(Math.round(value));
const percent = (load) => (load < 0 ? null : load * 100);

const charts = [
  new TimeChart($("heap-chart"), {
    unit: "MiB",
    format: oneDecimal,
    series: [
      { label: "used", value: (jvm) => jvm.heap.used / MIB },
      { label: "committed", value: (jvm) => jvm.heap.committed / MIB },
    ],
  }),
  new TimeChart($("threads-chart"), {
    unit: "threads",
    format: whole,
    whole: true,
    series: [{ label: "live", value: (jvm) => jvm.threads }],
  }),
  new TimeChart($("cpu-chart"), {
    unit: "%",
    format: oneDecimal,
    range: [0, 100],
    series: [
      { label: "process", value: (jvm) => percent(jvm.cpu.process) },
      { label: "system", value: (jvm) => percent(jvm.cpu.system) },
    ],
  }),
  new TimeChart($("connections-chart"), {
    unit: "connections",
    format: whole,
    whole: true,
    series: [{ label: "open", value: (jvm) => jvm.herald.openConnections }],
  }),
];

let paused = false;
let drawing = 0;

function draw() {
  drawing = 0;
  charts.forEach((chart) => chart.draw());
}

function scheduleDraw() {
  if (!paused && !drawing) {
    drawing = requestAnimationFrame(draw);
  }
}

$("pause").addEventListener("click", () => {
  paused = !paused;
  $("pause").textContent = paused ? "Resume" : "Pause";
  $("pause").setAttribute("aria-pressed", String(paused));
  if (paused) {
    cancelAnimationFrame(drawing);
    drawing = 0;
  } else {
    scheduleDraw();
  }
});

function setConnection(state) {
  $("connection").textContent = state;
  $("connection").dataset.state = state;
}

const source = new EventSource("api/topics/jvm/events?lastEventId=0");
source.addEventListener("open", () => setConnection("open"));
source.addEventListener("error", () =>
  setConnection(source.readyState === EventSource.CLOSED ? "closed" : "reconnecting"),
);
source.addEventListener("message", (event) => {
  const jvm = JSON.parse(event.data);
  const seconds = (jvm.epochMillis ?? Date.now()) / 1000;
  charts.forEach((chart) => chart.add(seconds, jvm));
  scheduleDraw();
});
