// Gradient health beside the loss curves: ‖∂J/∂W^[i]‖ of each layer over the epochs on a log scale
// (run A solid, run B dashed), the vanishing / exploding flags in words, and the last epoch's
// activation statistics per layer. Keyed joins on the series id, so streamed epochs extend the lines.
import { fmt } from '../format.js';
import { EXPLODING_FACTOR, VANISHING_RATIO, gradientFlags, layerSeries } from './health.js';
import { duration } from './palette.js';
import * as d3 from '../d3.js';

const WIDTH = 520;
const HEIGHT = 230;
const M = { top: 12, right: 44, bottom: 34, left: 56 };

export function createHealth(root, { t }) {
  const figure = d3.select(root);
  const svg = figure.append('svg').attr('viewBox', `0 0 ${WIDTH} ${HEIGHT}`).attr('class', 'training-chart training-health')
    .attr('role', 'img');
  const x = d3.scaleLinear().range([M.left, WIDTH - M.right]);
  const y = d3.scaleLog().range([HEIGHT - M.bottom, M.top]);
  const xAxis = svg.append('g').attr('class', 'axis x').attr('transform', `translate(0,${HEIGHT - M.bottom})`);
  const yAxis = svg.append('g').attr('class', 'axis y').attr('transform', `translate(${M.left},0)`);
  const xLabel = svg.append('text').attr('class', 'axis-label').attr('x', (WIDTH + M.left) / 2).attr('y', HEIGHT - 4).attr('text-anchor', 'middle');
  const lines = svg.append('g').attr('class', 'lines');
  const ends = svg.append('g').attr('class', 'ends');
  const flagsBox = figure.append('div').attr('class', 'train-health-flags').attr('aria-live', 'polite');
  const stats = figure.append('table').attr('class', 'train-activations');
  let last = { runs: {} };

  function render(runs, epochs) {
    last = { runs, epochs };
    const ms = duration();
    const series = Object.entries(runs).flatMap(([run, r]) => layerSeries(r.history).map((s) => ({ ...s, run, key: `${run}-${s.id}` })))
      .filter((s) => s.points.length);
    const values = series.flatMap((s) => s.points.map((p) => p[1]));
    const lo = d3.min(values) ?? 1e-6;
    const hi = d3.max(values) ?? 1;
    x.domain([1, Math.max(2, epochs)]);
    y.domain([Math.min(lo, hi / 10), Math.max(hi, lo * 10)]).nice();
    xAxis.call(d3.axisBottom(x).ticks(6).tickFormat(d3.format('d')));
    yAxis.call(d3.axisLeft(y).ticks(5, '.0e'));
    xLabel.text(t('training.chart.epoch'));
    const depth = d3.max(series, (s) => s.layer) ?? 1;
    const color = (s) => d3.interpolateViridis(depth > 1 ? 0.85 * (s.layer - 1) / (depth - 1) : 0);
    const line = d3.line().x((p) => x(p[0])).y((p) => y(p[1]));
    lines.selectAll('path').data(series, (s) => s.key).join('path')
      .attr('class', (s) => `norm run-${s.run}`).attr('fill', 'none').attr('stroke', color).attr('stroke-width', 1.8)
      .attr('stroke-dasharray', (s) => (s.run === 'B' ? '5 3' : null))
      .attr('data-series', (s) => s.key).attr('data-last', (s) => s.points.at(-1)[1])
      .transition().duration(ms).attr('d', (s) => line(s.points));
    ends.selectAll('text').data(series.filter((s) => s.run === 'A'), (s) => s.key).join('text')
      .attr('x', WIDTH - M.right + 3).attr('dy', '0.35em').attr('fill', color).attr('font-size', 10)
      .attr('y', (s) => y(s.points.at(-1)[1])).text((s) => s.id);
    svg.attr('aria-label', t('training.health.label')).attr('data-series', series.length);

    const flags = Object.entries(runs).map(([run, r]) => [run, gradientFlags(r.history)]);
    const many = Object.keys(runs).length > 1;
    const sentences = flags.flatMap(([run, f]) => {
      const prefix = many ? `${t('training.run', { run })}: ` : '';
      const out = [];
      if (f.vanishing) {
        out.push({ kind: 'vanishing', text: prefix + t('training.health.vanishing', {
          layer: f.vanishing.layer, ratio: fmt(f.vanishing.ratio, 2), threshold: fmt(VANISHING_RATIO), first: f.vanishing.first, last: f.vanishing.last }) });
      }
      if (f.exploding) {
        out.push({ kind: 'exploding', text: prefix + t('training.health.exploding', {
          layer: f.exploding.layer, epoch: f.exploding.epoch, factor: fmt(f.exploding.factor, 2), threshold: EXPLODING_FACTOR }) });
      }
      return out;
    });
    const hasHistory = Object.values(runs).some((r) => r.history.length);
    if (hasHistory && !sentences.length) sentences.push({ kind: 'healthy', text: t('training.health.ok', { threshold: fmt(VANISHING_RATIO) }) });
    flagsBox.selectAll('p').data(sentences, (d) => d.kind + d.text).join('p')
      .attr('class', (d) => `health-flag ${d.kind}`).attr('data-kind', (d) => d.kind).text((d) => d.text);

    const a = runs.A?.history.at(-1);
    const rows = a?.activations ?? [];
    stats.attr('hidden', rows.length ? null : true);
    stats.selectAll('caption').data(rows.length ? [a.epoch] : []).join('caption').text((e) => t('training.health.stats', { epoch: e }));
    stats.selectAll('thead').data([0]).join('thead').selectAll('tr').data([0]).join('tr').selectAll('th')
      .data(['layer', 'activation', 'mean', 'std', 'zero', 'saturated']).join('th').attr('scope', 'col')
      .text((k) => t(`training.health.col.${k}`));
    const pct = (v) => (v === null || v === undefined ? '–' : `${fmt(100 * v, 3)} %`);
    stats.selectAll('tbody').data([0]).join('tbody').selectAll('tr').data(rows, (r) => r.layer).join('tr')
      .attr('data-layer', (r) => r.layer)
      .selectAll('td').data((r) => [`a[${r.layer}]`, r.activation, fmt(r.mean), fmt(r.std), pct(r.zero_fraction), pct(r.saturated_fraction)])
      .join('td').text((v) => v);
  }
  return { render, relabel: () => render(last.runs, last.epochs ?? 1) };
}
