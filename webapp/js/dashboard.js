// The JVM dashboard: every event of the `jvm` topic adds one point to each chart.
import { LineChart } from "./chart.js";

const MIB = 1024 * 1024;
const $ = (id) => document.getElementById(id);

const heap = new LineChart($("heap-chart"), ["used", "committed"]);
const threads = new LineChart($("threads-chart"), ["threads"]);
const cpu = new LineChart($("cpu-chart"), ["process", "system"], { minMax: 100 });
const connections = new LineChart($("connections-chart"), ["open"]);

function setConnection(state) {
  $("connection").textContent = state;
  $("connection").dataset.state = state;
}

const percent = (load) => (load < 0 ? 0 : load * 100);

const source = new EventSource("api/topics/jvm/events");
source.addEventListener("open", () => setConnection("open"));
source.addEventListener("error", () =>
  setConnection(source.readyState === EventSource.CLOSED ? "closed" : "reconnecting"),
);
source.addEventListener("message", (event) => {
  const jvm = JSON.parse(event.data);
  heap.add(jvm.heap.used / MIB, jvm.heap.committed / MIB);
  threads.add(jvm.threads);
  cpu.add(percent(jvm.cpu.process), percent(jvm.cpu.system));
  connections.add(jvm.herald.openConnections);
});
