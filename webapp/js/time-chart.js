// One uPlot line chart over time (uPlot is loaded from vendor/uplot as the global `uPlot`): axes
// with units and local times, the newest values in the heading, and a readout of the values under
// the pointer, or under a keyboard cursor (arrow keys, Home, End) while the chart has focus.
const CAPACITY = 900; // 30 minutes of the jvm feed's default 2 s
const COLOURS = ["#2f6fde", "#c2410c"];
const HEIGHT = 180;
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000];

const clock = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

export class TimeChart {
  constructor(section, { unit, format, series, range, whole = false }) {
    this.section = section;
    this.unit = unit;
    this.format = format;
    this.series = series;
    this.columns = [[], ...series.map(() => [])];
    this.current = section.querySelector(".current");
    this.readout = section.querySelector(".readout");
    this.target = section.querySelector(".plot");
    this.keyIndex = null;
    this.received = 0;
    this.section.append(this.legend());
    this.plot = new uPlot(this.options(range, whole), this.columns, this.target);
    this.target.setAttribute("aria-label", `${section.querySelector("h2").textContent}: no data yet`);
    new ResizeObserver(() => this.resize()).observe(this.target);
    this.target.addEventListener("keydown", (event) => this.key(event));
    this.target.addEventListener("focus", () => this.moveKeyCursor(this.length() - 1));
    this.target.addEventListener("blur", () => {
      this.keyIndex = null;
      this.plot.setCursor({ left: -10, top: -10 });
    });
  }

  options(range, whole) {
    const text = getComputedStyle(document.body).color;
    const grid = { stroke: "rgba(128, 128, 128, 0.2)", width: 1 };
    const ticks = { stroke: "rgba(128, 128, 128, 0.4)", width: 1 };
    const values = {
      stroke: text,
      grid,
      ticks,
      label: this.unit,
      size: 56,
      values: (u, splits) => splits.map((value) => this.format(value)),
    };
    if (whole) {
      values.incrs = WHOLE_STEPS; // no ticks between whole numbers
    }
    return {
      width: this.width(),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: { range: range ?? ((u, min, max) => [0, Math.max(1, max * 1.15)]) },
      },
      axes: [{ stroke: text, grid, ticks }, values],
      series: [
        {},
        ...this.series.map((s, index) => ({
          label: s.label,
          stroke: COLOURS[index],
          width: 2,
          spanGaps: false,
        })),
      ],
      hooks: { setCursor: [(u) => this.showReadout(u.cursor.idx)] },
    };
  }

  legend() {
    const legend = document.createElement("p");
    legend.className = "legend";
    this.series.forEach((s, index) => {
      const key = document.createElement("span");
      key.className = `series-${index}`;
      key.textContent = s.label;
      legend.append(key);
    });
    return legend;
  }

  add(seconds, sample) {
    this.columns[0].push(seconds);
    this.series.forEach((s, index) => this.columns[index + 1].push(s.value(sample)));
    if (this.columns[0].length > CAPACITY) {
      this.columns.forEach((column) => column.shift());
    }
    this.received += 1;
    this.section.dataset.received = String(this.received);
  }

  draw() {
    this.plot.setData(this.columns.map((column) => column.slice()));
    this.plot.syncRect(); // the headings above may have changed height with their values
    const latest = this.describe(this.length() - 1);
    this.current.textContent = this.describeValues(this.length() - 1);
    this.target.setAttribute("aria-label", latest);
    this.section.dataset.points = String(this.length());
    if (this.keyIndex !== null) {
      this.moveKeyCursor(Math.min(this.keyIndex, this.length() - 1));
    } else {
      this.showReadout(this.plot.cursor.idx);
    }
  }

  length() {
    return this.plot.data[0].length;
  }

  key(event) {
    const steps = { ArrowLeft: -1, ArrowRight: 1, PageUp: -10, PageDown: 10 };
    const last = this.length() - 1;
    let index = null;
    if (event.key in steps) {
      index = (this.keyIndex ?? last) + steps[event.key];
    } else if (event.key === "Home") {
      index = 0;
    } else if (event.key === "End") {
      index = last;
    }
    if (index !== null && last >= 0) {
      event.preventDefault();
      this.moveKeyCursor(Math.max(0, Math.min(last, index)));
    }
  }

  moveKeyCursor(index) {
    if (index < 0) {
      return;
    }
    this.keyIndex = index;
    const [times, first] = this.plot.data;
    const value = first[index];
    this.plot.setCursor({
      left: this.plot.valToPos(times[index], "x"),
      top: value == null ? 0 : this.plot.valToPos(value, "y"),
    });
    this.showReadout(index);
  }

  showReadout(index) {
    const shown = index ?? this.length() - 1;
    this.readout.textContent =
      shown < 0 ? "waiting for the first reading" : (index == null ? "latest: " : "") + this.describe(shown);
  }

  describe(index) {
    if (index < 0) {
      return "no data yet";
    }
    return `${clock.format(new Date(this.plot.data[0][index] * 1000))} · ${this.describeValues(index)}`;
  }

  describeValues(index) {
    if (index < 0) {
      return "";
    }
    return this.series
      .map((s, n) => {
        const value = this.plot.data[n + 1][index];
        return `${s.label} ${value == null ? "unknown" : this.format(value)} ${this.unit}`;
      })
      .join(" · ");
  }

  width() {
    return Math.max(200, this.target.clientWidth);
  }

  resize() {
    if (Math.abs(this.plot.width - this.width()) > 1) {
      this.plot.setSize({ width: this.width(), height: HEIGHT });
    }
  }
}
