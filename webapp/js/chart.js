// A small SVG line chart: no library, no canvas, so it obeys the page's strict CSP and needs no
// build step. Keeps the last `capacity` points of one or two series.
const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 300;
const HEIGHT = 100;

export class LineChart {
  constructor(container, seriesNames, { capacity = 90, minMax = 1 } = {}) {
    this.container = container;
    this.capacity = capacity;
    this.minMax = minMax;
    this.series = seriesNames.map(() => []);
    this.svg = document.createElementNS(SVG, "svg");
    this.svg.setAttribute("viewBox", `0 0 ${WIDTH} ${HEIGHT}`);
    this.svg.setAttribute("preserveAspectRatio", "none");
    this.svg.setAttribute("role", "img");
    const axis = document.createElementNS(SVG, "line");
    axis.setAttribute("class", "axis");
    axis.setAttribute("x1", "0");
    axis.setAttribute("x2", String(WIDTH));
    axis.setAttribute("y1", String(HEIGHT - 1));
    axis.setAttribute("y2", String(HEIGHT - 1));
    this.svg.append(axis);
    this.lines = seriesNames.map((name, index) => {
      const line = document.createElementNS(SVG, "polyline");
      line.setAttribute("class", `series-${index}`);
      this.svg.append(line);
      return line;
    });
    this.legend = document.createElement("div");
    this.legend.className = "legend";
    this.labels = seriesNames.map((name, index) => {
      const label = document.createElement("span");
      label.className = `series-${index}`;
      label.textContent = name;
      this.legend.append(label);
      return label;
    });
    container.append(this.svg, this.legend);
    this.names = seriesNames;
    container.dataset.points = "0";
  }

  add(...values) {
    values.forEach((value, index) => {
      const points = this.series[index];
      points.push(value);
      if (points.length > this.capacity) {
        points.shift();
      }
    });
    this.draw();
  }

  draw() {
    const max = Math.max(this.minMax, ...this.series.flat()) * 1.1;
    const step = WIDTH / (this.capacity - 1);
    this.series.forEach((points, index) => {
      const coordinates = points.map((value, i) => {
        const x = (i + this.capacity - points.length) * step;
        const y = HEIGHT - (value / max) * HEIGHT;
        return `${x.toFixed(1)},${y.toFixed(1)}`;
      });
      this.lines[index].setAttribute("points", coordinates.join(" "));
      const latest = points[points.length - 1];
      this.labels[index].textContent = `${this.names[index]}: ${format(latest)}`;
    });
    this.svg.setAttribute("aria-label", this.legend.textContent);
    this.container.dataset.points = String(this.series[0].length);
  }
}

function format(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
