// The data as a scatter plot (class by colour, dev points hollow) over the decision boundary as a
// heat-map of the network's class-1 probability (or its argmax class when there are more classes).
// Keyed joins: points by sample index, cells by grid position, so a new boundary recolours the
// same cells with a transition instead of redrawing them.
import { toNumber } from '../api.js';
import { CLASS_COLORS, duration } from './palette.js';
import * as d3 from '../d3.js';

const SIZE = 360;
const M = 28;

// Class-1 probability → a light blue (class 0) … white … light orange (class 1) wash, from 256
// colours computed once (2,500 cells are recoloured at every progress event).
const probabilityColor = (() => {
  const s = d3.scaleLinear?.().domain([0, 0.5, 1]).range(['#8cc3e6', '#f7f7f7', '#f5c77e']).clamp(true);
  const table = s ? Array.from({ length: 256 }, (_, k) => s(k / 255)) : [];
  return (p) => (Number.isFinite(p) ? table[Math.round(Math.min(1, Math.max(0, p)) * 255)] : '#cccccc');
})();

// {xs, ys, probabilities[row j][column i]} → cells [{key, x0, x1, y0, y1, p}] (pure, tested).
export function boundaryCells(boundary) {
  const xs = boundary?.xs ?? [];
  const ys = boundary?.ys ?? [];
  const grid = boundary?.probabilities ?? [];
  const half = (arr, i) => (arr.length > 1 ? Math.abs(arr[Math.min(i + 1, arr.length - 1)] - arr[Math.max(i - 1, 0)]) / (i === 0 || i === arr.length - 1 ? 2 : 4) : 0.5);
  const cells = [];
  ys.forEach((yv, j) => xs.forEach((xv, i) => {
    const p = toNumber(grid[j]?.[i]);
    cells.push({ key: `${i},${j}`, x0: xv - half(xs, i), x1: xv + half(xs, i), y0: yv - half(ys, j), y1: yv + half(ys, j), p });
  }));
  return cells;
}

// The engine's boundary grid reaches 10 % of the data's range beyond the extreme points (its
// GRID_MARGIN); the axes use the same margin before training, so the heat-map fills the plot
// exactly and nothing moves when it appears.
const MARGIN = 0.1;

function paddedExtent(values) {
  const [lo, hi] = d3.extent(values);
  if (lo === undefined) return [-1, 1];
  const pad = hi > lo ? (hi - lo) * MARGIN : 0.5;
  return [lo - pad, hi + pad];
}

function cellExtent(cells, lo, hi) {
  return [d3.min(cells, (c) => c[lo]), d3.max(cells, (c) => c[hi])];
}

export function createScatter(figure, { t, run }) {
  const svg = d3.select(figure).append('svg')
    .attr('viewBox', `0 0 ${SIZE} ${SIZE}`)
    .attr('class', 'training-scatter-svg')
    .attr('role', 'img')
    .attr('data-run', run);
  const x = d3.scaleLinear().range([M, SIZE - 8]);
  const y = d3.scaleLinear().range([SIZE - M, 8]);
  const cellsG = svg.append('g').attr('class', 'boundary');
  const xAxis = svg.append('g').attr('class', 'axis x').attr('transform', `translate(0,${SIZE - M})`);
  const yAxis = svg.append('g').attr('class', 'axis y').attr('transform', `translate(${M},0)`);
  const pointsG = svg.append('g').attr('class', 'points');
  let points = [];
  let boundary = null;
  let boundaryEpoch = 0;
  let drawnLayout = null;
  let multiClass = false;

  function describe() {
    const cells = boundary ? boundaryCells(boundary).length : 0;
    svg.attr('aria-label', t(cells ? 'training.scatter.withBoundary' : 'training.scatter.label', { n: points.length, run }));
  }

  function render() {
    const ms = duration();
    const cells = boundary ? boundaryCells(boundary) : [];
    x.domain(cells.length ? cellExtent(cells, 'x0', 'x1') : paddedExtent(points.map((p) => p.x1)));
    y.domain(cells.length ? cellExtent(cells, 'y0', 'y1') : paddedExtent(points.map((p) => p.x2)));
    xAxis.call(d3.axisBottom(x).ticks(5));
    yAxis.call(d3.axisLeft(y).ticks(5));
    // Opaque washes (not translucent cells, whose overlaps would show as a grid).
    const fill = (c) => (multiClass ? d3.interpolateRgb(CLASS_COLORS[c.p % CLASS_COLORS.length], '#ffffff')(0.62) : probabilityColor(c.p));
    // Cells and points move only when the axes change; a new boundary recolours the same cells.
    const layout = `${x.domain()} ${y.domain()}`;
    const moved = layout !== drawnLayout;
    drawnLayout = layout;
    const cellSel = cellsG.selectAll('rect').data(cells, (c) => c.key).join(
      (enter) => enter.append('rect').attr('class', 'cell'),
      (update) => update,
      (exit) => exit.remove(),
    );
    const entered = cellSel.filter(function () { return !this.hasAttribute('width'); });
    (moved ? cellSel : entered)
      .attr('x', (c) => x(c.x0)).attr('width', (c) => Math.max(0.5, x(c.x1) - x(c.x0)) + 0.5)
      .attr('y', (c) => y(c.y1)).attr('height', (c) => Math.max(0.5, y(c.y0) - y(c.y1)) + 0.5);
    cellSel.attr('data-p', (c) => c.p);
    (ms ? cellSel.transition().duration(ms) : cellSel).attr('fill', fill);
    const pointSel = pointsG.selectAll('circle').data(points, (p) => p.id).join(
      (enter) => enter.append('circle').attr('r', 0).attr('cx', (p) => x(p.x1)).attr('cy', (p) => y(p.x2)),
      (update) => update,
      (exit) => exit.remove(),
    )
      .attr('class', (p) => `point${p.dev ? ' dev' : ''}`)
      .attr('data-label', (p) => p.label)
      .attr('stroke', (p) => CLASS_COLORS[p.label % CLASS_COLORS.length])
      .attr('fill', (p) => (p.dev ? '#ffffff' : CLASS_COLORS[p.label % CLASS_COLORS.length]));
    (ms ? pointSel.transition().duration(ms) : pointSel)
      .attr('r', 3.2)
      .attr('cx', (p) => x(p.x1)).attr('cy', (p) => y(p.x2));
    svg.attr('data-points', points.length).attr('data-cells', cells.length);
    describe();
  }

  return {
    // x: [[x1, x2, …]], y: labels; dev: optional set of dev indices. Only the first two features
    // are drawn: the scatter plot is for 2-D data.
    setData(data) {
      const dev = new Set(data?.dev ?? []);
      points = (data?.x ?? []).filter((row) => row.length >= 2).map((row, i) => ({
        id: i, x1: toNumber(row[0]), x2: toNumber(row[1]), label: Math.max(0, Math.round(toNumber(data.y[i]))) || 0, dev: dev.has(i),
      }));
      render();
    },
    // `epoch`: the epoch whose parameters drew this boundary (the plot says so: data-epoch).
    setBoundary(next, epoch = 0) {
      const wanted = next && next.xs?.length ? next : null;
      if (wanted === boundary && epoch === boundaryEpoch) return;
      boundary = wanted;
      boundaryEpoch = epoch;
      svg.attr('data-epoch', boundary ? epoch : null);
      // kind 'class': the grid holds the argmax class (more than two classes), drawn in class colours.
      multiClass = boundary?.kind === 'class';
      render();
    },
    relabel: describe,
  };
}
