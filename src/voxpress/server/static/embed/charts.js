// Small inline-SVG charts for the analytics dashboard: bars and a line, no library. Only SVG
// presentation attributes are used (no style attributes), so the page's strict CSP holds.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 420;
const HEIGHT = 200;
const PAD = { top: 28, right: 12, bottom: 40, left: 40 };
const ACCENT = "#1f5fbf";

function node(tag, attributes = {}, text = "") {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text) element.textContent = text;
  return element;
}

function frame(title) {
  const svg = node("svg", { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, width: WIDTH, height: HEIGHT, role: "img", "aria-label": title });
  svg.append(node("title", {}, title));
  svg.append(node("text", { x: PAD.left, y: 16, "font-size": 13, "font-weight": 600, fill: "currentColor" }, title));
  svg.append(node("line", { x1: PAD.left, y1: HEIGHT - PAD.bottom, x2: WIDTH - PAD.right, y2: HEIGHT - PAD.bottom, stroke: "#999" }));
  return svg;
}

/** A bar chart of `values` (numbers) under `labels`; each bar carries its value as text. */
export function barChart(title, labels, values, format = (v) => String(v)) {
  const svg = frame(title);
  const top = Math.max(1e-9, ...values);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotWidth / Math.max(1, values.length);
  values.forEach((value, index) => {
    const height = (value / top) * plotHeight;
    const x = PAD.left + index * slot + slot * 0.15;
    const y = HEIGHT - PAD.bottom - height;
    const bar = node("rect", { x, y, width: slot * 0.7, height, fill: ACCENT, "data-value": value });
    bar.append(node("title", {}, `${labels[index]}: ${format(value)}`));
    svg.append(bar);
    svg.append(node("text", { x: x + slot * 0.35, y: y - 4, "font-size": 11, "text-anchor": "middle", fill: "currentColor", class: "value" }, format(value)));
    svg.append(node("text", { x: x + slot * 0.35, y: HEIGHT - PAD.bottom + 14, "font-size": 10, "text-anchor": "middle", fill: "currentColor" }, String(labels[index]).slice(0, 14)));
  });
  return svg;
}

/** A line chart of `values` in 0..1 (shares) over `labels`. */
export function lineChart(title, labels, values) {
  const svg = frame(title);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (index) => PAD.left + (index / Math.max(1, values.length - 1)) * plotWidth;
  const y = (value) => HEIGHT - PAD.bottom - value * plotHeight;
  for (const tick of [0, 0.5, 1]) {
    svg.append(node("text", { x: PAD.left - 6, y: y(tick) + 4, "font-size": 10, "text-anchor": "end", fill: "currentColor" }, `${tick * 100}%`));
  }
  const points = values.map((value, index) => `${x(index)},${y(value)}`).join(" ");
  svg.append(node("polyline", { points, fill: "none", stroke: ACCENT, "stroke-width": 2 }));
  values.forEach((value, index) => {
    const dot = node("circle", { cx: x(index), cy: y(value), r: 3, fill: ACCENT, "data-value": value });
    dot.append(node("title", {}, `${labels[index]}: ${Math.round(value * 100)}%`));
    svg.append(dot);
    if (index % 2 === 0) {
      svg.append(node("text", { x: x(index), y: HEIGHT - PAD.bottom + 14, "font-size": 10, "text-anchor": "middle", fill: "currentColor" }, labels[index]));
    }
  });
  return svg;
}
