// A small SVG line chart: cumulative amount paid per program over time. No library.
const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];

function el(name, attributes = {}) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
  return node;
}

/** series: [{label, points: [{t, value}]}] with points sorted by t. */
export function lineChart(series, { width = 640, height = 220, format = v => v } = {}) {
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart' });
  const all = series.flatMap(s => s.points);
  const title = el('title');
  title.textContent = 'Cumulative amount paid per program over time';
  svg.append(title);
  if (all.length === 0) {
    const empty = el('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' });
    empty.textContent = 'No runs yet';
    svg.append(empty);
    return svg;
  }
  const pad = { left: 70, right: 10, top: 10, bottom: 24 };
  const tMin = Math.min(...all.map(p => p.t));
  const tMax = Math.max(...all.map(p => p.t));
  const vMax = Math.max(...all.map(p => p.value), 1);
  const x = t => pad.left + (tMax === tMin ? (width - pad.left - pad.right) / 2 : (t - tMin) / (tMax - tMin) * (width - pad.left - pad.right));
  const y = v => height - pad.bottom - v / vMax * (height - pad.top - pad.bottom);
  svg.append(el('line', { x1: pad.left, y1: y(0), x2: width - pad.right, y2: y(0), class: 'axis' }));
  svg.append(el('line', { x1: pad.left, y1: y(0), x2: pad.left, y2: pad.top, class: 'axis' }));
  const top = el('text', { x: pad.left - 6, y: pad.top + 10, 'text-anchor': 'end', class: 'tick' });
  top.textContent = format(vMax);
  svg.append(top);
  const ticks = tMax - tMin < 60000 ? [[tMin, 'start']] : [[tMin, 'start'], [tMax, 'end']];
  for (const [t, anchor] of ticks) {
    const label = el('text', { x: x(t), y: height - 6, 'text-anchor': anchor, class: 'tick' });
    label.textContent = new Date(t).toLocaleTimeString();
    svg.append(label);
  }
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const points = s.points.map(p => `${x(p.t).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
    svg.append(el('polyline', { points, fill: 'none', stroke: colour, 'stroke-width': 2 }));
    for (const p of s.points) svg.append(el('circle', { cx: x(p.t), cy: y(p.value), r: 3, fill: colour }));
  });
  return svg;
}
