// Live loss or accuracy curves (train solid, dev dashed; run A and run B overlaid) with a hover and
// keyboard read-out of the epoch and values. Keyed joins on the series id: paths are updated in
// place as epochs stream in, never redrawn from scratch.
import { toNumber } from '../api.js';
import { fmt as formatValue } from '../format.js';
import { RUN_COLORS, duration } from './palette.js';
import * as d3 from '../d3.js';

const WIDTH = 520;
const HEIGHT = 230;
const M = { top: 12, right: 16, bottom: 34, left: 52 };

// Numbers as the whole page writes them (static/js/format.js: 4 significant digits).
export { formatValue };

// history entries → [{id, run, split, points: [[epoch, value]]}] for one metric ('loss' | 'accuracy').
export function seriesFrom(runs, metric) {
  const out = [];
  for (const [run, history] of Object.entries(runs)) {
    for (const split of ['train', 'dev']) {
      const points = history
        .map((h) => [h.epoch, toNumber(h[`${split}_${metric}`])])
        .filter(([, v]) => v !== null && v !== undefined);
      if (points.length) out.push({ id: `${run}-${split}`, run, split, points });
    }
  }
  return out;
}

// A path needs no more points than the chart has pixels: long runs are thinned to about this many
// (every k-th epoch plus the last), which keeps each live redraw cheap at 100,000 epochs.
const MAX_PATH_POINTS = 1500;

export function thin(points, max = MAX_PATH_POINTS) {
  if (points.length <= max) return points;
  const k = Math.ceil(points.length / max);
  const out = points.filter((_, i) => i % k === 0);
  if (out.at(-1) !== points.at(-1)) out.push(points.at(-1));
  return out;
}

export function createCurves(figure, { metric, t }) {
  const svg = d3.select(figure).append('svg')
    .attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`)
    .attr('class', 'training-chart')
    .attr('data-metric', metric)
    .attr('tabindex', 0)
    .attr('role', 'img');
  const x = d3.scaleLinear().range([M.left, WIDTH - M.right]).domain([1, 10]);
  const y = d3.scaleLinear().range([HEIGHT - M.bottom, M.top]).domain([0, 1]);
  const xAxis = svg.append('g').attr('class', 'axis x').attr('transform', `translate(0,${HEIGHT - M.bottom})`);
  const yAxis = svg.append('g').attr('class', 'axis y').attr('transform', `translate(${M.left},0)`);
  const xLabel = svg.append('text').attr('class', 'axis-label').attr('x', (WIDTH + M.left) / 2).attr('y', HEIGHT - 4)
    .attr('text-anchor', 'middle');
  const lines = svg.append('g').attr('class', 'lines');
  const hover = svg.append('g').attr('class', 'hover').attr('display', 'none');
  const rule = hover.append('line').attr('y1', M.top).attr('y2', HEIGHT - M.bottom);
  const dots = hover.append('g');
  const readout = hover.append('text').attr('class', 'readout').attr('y', M.top + 10);
  const overlay = svg.append('rect').attr('class', 'overlay').attr('x', M.left).attr('y', M.top)
    .attr('width', WIDTH - M.left - M.right).attr('height', HEIGHT - M.top - M.bottom);

  let series = [];
  let epochs = 10;
  let focusEpoch = null;
  const line = d3.line().defined(([, v]) => Number.isFinite(v)).x(([e]) => x(e)).y(([, v]) => y(v));

  function label() {
    const names = series.map((s) => {
      const last = s.points.at(-1);
      return t('training.chart.last', { series: t(`training.series.${s.split}`, { run: s.run }), epoch: last[0], value: formatValue(last[1]) });
    });
    svg.attr('aria-label', [t(`training.chart.${metric}`), ...names].join('; '));
    xLabel.text(t('training.chart.epoch'));
  }

  function render() {
    const ms = duration();
    const all = series.flatMap((s) => s.points.map(([, v]) => v)).filter(Number.isFinite);
    const top = metric === 'accuracy' ? 1 : Math.max(1e-6, d3.max(all) ?? 1);
    x.domain([1, Math.max(2, epochs)]);
    y.domain([0, top]).nice();
    // Epochs are whole numbers: never a tick at 1.5 (or the same label twice).
    const ticks = x.ticks(6).filter(Number.isInteger);
    xAxis.transition().duration(ms).call(d3.axisBottom(x).tickValues(ticks).tickFormat(d3.format('d')));
    yAxis.transition().duration(ms).call(d3.axisLeft(y).ticks(5));
    lines.selectAll('path').data(series, (s) => s.id).join(
      (enter) => enter.append('path')
        .attr('class', (s) => `curve ${s.split}`)
        .attr('stroke', (s) => RUN_COLORS[s.run])
        .attr('opacity', 0)
        .call((p) => p.transition().duration(ms).attr('opacity', 1)),
      (update) => update,
      (exit) => exit.transition().duration(ms).attr('opacity', 0).remove(),
    )
      .attr('data-series', (s) => s.id)
      .attr('data-count', (s) => s.points.length)
      .attr('data-first', (s) => s.points[0][1])
      .attr('data-last', (s) => s.points.at(-1)[1])
      .attr('d', (s) => line(thin(s.points)));
    const a = series.find((s) => s.id === 'A-train');
    svg.attr('data-first', a ? a.points[0][1] : null).attr('data-last', a ? a.points.at(-1)[1] : null)
      .attr('data-epochs', a ? a.points.length : 0);
    label();
    if (focusEpoch !== null) showAt(focusEpoch);
  }

  function showAt(epoch) {
    if (!series.length) { hover.attr('display', 'none'); return; }
    const maxEpoch = d3.max(series, (s) => s.points.at(-1)[0]);
    focusEpoch = Math.max(1, Math.min(maxEpoch, Math.round(epoch)));
    const at = series.map((s) => {
      const i = d3.bisector(([e]) => e).center(s.points, focusEpoch);
      return { s, point: s.points[i] };
    }).filter(({ point }) => point && Number.isFinite(point[1]));
    hover.attr('display', null);
    rule.attr('x1', x(focusEpoch)).attr('x2', x(focusEpoch));
    dots.selectAll('circle').data(at, (d) => d.s.id).join('circle')
      .attr('r', 3.5).attr('fill', (d) => RUN_COLORS[d.s.run])
      .attr('cx', (d) => x(d.point[0])).attr('cy', (d) => y(d.point[1]));
    const parts = at.map((d) => `${t(`training.series.${d.s.split}`, { run: d.s.run })} ${formatValue(d.point[1])}`);
    const text = `${t('training.chart.epochN', { epoch: focusEpoch })}: ${parts.join(' · ')}`;
    const right = x(focusEpoch) > (WIDTH + M.left) / 2;
    readout.text(text).attr('x', right ? x(focusEpoch) - 6 : x(focusEpoch) + 6).attr('text-anchor', right ? 'end' : 'start');
    svg.attr('data-hover-epoch', focusEpoch);
    return text;
  }

  function hide() { focusEpoch = null; hover.attr('display', 'none'); svg.attr('data-hover-epoch', null); }

  overlay.on('pointermove', (event) => showAt(x.invert(d3.pointer(event, svg.node())[0])))
    .on('pointerleave', hide);
  svg.on('keydown', (event) => {
    if (!series.length) return;
    const last = d3.max(series, (s) => s.points.at(-1)[0]);
    const step = event.shiftKey ? 10 : 1;
    const moves = { ArrowLeft: (focusEpoch ?? last) - step, ArrowRight: (focusEpoch ?? 0) + step, Home: 1, End: last };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const text = showAt(moves[event.key]);
    svg.attr('aria-label', text);
  }).on('blur', hide);

  return {
    update(runs, totalEpochs) {
      series = seriesFrom(runs, metric);
      epochs = totalEpochs;
      render();
    },
    relabel: label,
  };
}
