// A small SVG bar chart of disbursement runs over time: one bar per run, in time order, coloured
// by program, its height the amount paid. No library.
const SVG = 'http://www.w3.org/2000/svg';
export const COLOURS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];

function el(name, attributes = {}) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  return node;
}

/** runs: [{t (ms), value, series (index into COLOURS), label}] */
export function runChart(runs, { width = 640, height = 220, format = v => v } = {}) {
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' });
  const title = el('title');
  title.textContent = 'Amount paid by each disbursement run, oldest first';
  svg.append(title);
  if (runs.length === 0) {
    const empty = el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' });
    empty.textContent = 'No runs yet';
    svg.append(empty);
    return svg;
  }
  const sorted = [...runs].sort((a, b) => a.t - b.t);
  const pad = { left: 80, right: 10, top: 10, bottom: 24 };
  const plotWidth = width - pad.left - pad.right;
  const plotHeight = height - pad.top - pad.bottom;
  const vMax = Math.max(...sorted.map(r => r.value), 1);
  const slot = plotWidth / sorted.length;
  const barWidth = Math.max(1, Math.min(60, slot * 0.7));
  sorted.forEach((run, i) => {
    const barHeight = run.value / vMax * plotHeight;
    const bar = el('rect', { class: 'bar', x: pad.left + i * slot + (slot - barWidth) / 2, y: pad.top + plotHeight - barHeight,
      width: barWidth, height: barHeight, fill: COLOURS[run.series % COLOURS.length] });
    const tip = el('title');
    tip.textContent = `${run.label}: ${format(run.value)} at ${new Date(run.t).toLocaleString()}`;
    bar.append(tip);
    svg.append(bar);
  });
  svg.append(el('line', { x1: pad.left, y1: pad.top + plotHeight, x2: width - pad.right, y2: pad.top + plotHeight, class: 'axis' }));
  svg.append(el('line', { x1: pad.left, y1: pad.top + plotHeight, x2: pad.left, y2: pad.top, class: 'axis' }));
  const top = el('text', { x: pad.left - 6, y: pad.top + 10, 'text-anchor': 'end', class: 'tick' });
  top.textContent = format(vMax);
  svg.append(top);
  const first = el('text', { x: pad.left, y: height - 6, 'text-anchor': 'start', class: 'tick' });
  first.textContent = new Date(sorted[0].t).toLocaleString();
  svg.append(first);
  if (sorted.length > 1) {
    const last = el('text', { x: width - pad.right, y: height - 6, 'text-anchor': 'end', class: 'tick' });
    last.textContent = new Date(sorted[sorted.length - 1].t).toLocaleString();
    svg.append(last);
  }
  return svg;
}
