// The network's diagram with a picture of every hidden unit (its activation a^[i]_j over the input
// plane, as TensorFlow Playground draws them), updated as progress events arrive; edges coloured by the
// weight's sign and drawn as thick as its size. Selecting a unit opens its incoming weights and their
// gradient. Keyed joins throughout (units by "layer-unit", edges by "layer-from-to"), so an update
// recolours what is there and nothing flickers. The layout and colours are pure functions (tested).
import { fmt } from '../format.js';
import { toNumber } from '../api.js';
import * as d3 from '../d3.js';

// At most this many edges are drawn: beyond it the diagram is a grey blur that costs a redraw each time.
const MAX_EDGES = 2500;
const COLUMN = 120;
const MARGIN = 18;
// The tallest column is fitted into about this many pixels of the diagram's own units.
const FIT_HEIGHT = 520;

// Network sizes [n0, n1, …, nL] → {width, height, thumb, nodes: [{key, layer, unit, x, y}]}: one
// column per layer, units centred in it; the thumbnails shrink so the tallest column fits FIT_HEIGHT.
export function networkLayout(sizes) {
  const tallest = Math.max(...sizes);
  const thumb = Math.max(10, Math.min(44, Math.floor(FIT_HEIGHT / tallest) - 4));
  const pitch = thumb + 4;
  const height = tallest * pitch + 2 * MARGIN;
  const nodes = [];
  sizes.forEach((n, layer) => {
    const top = (height - n * pitch) / 2 + pitch / 2;
    for (let unit = 0; unit < n; unit += 1) {
      nodes.push({ key: `${layer}-${unit}`, layer, unit, x: MARGIN + thumb / 2 + layer * COLUMN, y: top + unit * pitch });
    }
  });
  return { width: 2 * MARGIN + thumb + (sizes.length - 1) * COLUMN, height, thumb, nodes };
}

// A picture's value → colour: blue for positive, orange for negative (Okabe–Ito), white at the
// activation's midpoint. Sigmoid's midpoint is 0.5; ReLU's range is the picture's own maximum.
export function unitRange(activation, picture) {
  if (activation === 'sigmoid') return [0, 1];
  if (activation === 'relu' || activation === 'leaky_relu' || activation === 'identity') {
    let m = 0;
    for (const row of picture) for (const v of row) m = Math.max(m, Math.abs(toNumber(v)) || 0);
    return [-(m || 1), m || 1];
  }
  return [-1, 1];
}

// 256 colours from orange through white to blue, computed once: a thumbnail looks each pixel up
// instead of interpolating 400 colours per unit per progress event.
const LUT_SIZE = 256;
let lut = null;
function colours() {
  if (lut) return lut;
  const s = d3.scaleLinear().domain([0, 0.5, 1]).range(['#E69F00', '#f7f7f7', '#0072B2']);
  lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let k = 0; k < LUT_SIZE; k += 1) {
    const c = d3.rgb(s(k / (LUT_SIZE - 1)));
    lut.set([c.r, c.g, c.b], 3 * k);
  }
  return lut;
}

// One picture → a PNG data URL (one pixel per grid point; the <image> scales it up smoothly).
function pictureURL(picture, [lo, hi]) {
  const rows = picture.length;
  const cols = picture[0]?.length ?? 0;
  const table = colours();
  const canvas = document.createElement('canvas');
  canvas.width = cols;
  canvas.height = rows;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(cols, rows);
  for (let j = 0; j < rows; j += 1) {
    for (let i = 0; i < cols; i += 1) {
      const v = toNumber(picture[j][i]);
      const p = ((rows - 1 - j) * cols + i) * 4; // row 0 is the lowest y: drawn at the bottom
      if (Number.isFinite(v)) {
        const k = 3 * Math.round(Math.min(1, Math.max(0, (v - lo) / (hi - lo))) * (LUT_SIZE - 1));
        image.data[p] = table[k]; image.data[p + 1] = table[k + 1]; image.data[p + 2] = table[k + 2];
      } else {
        image.data[p] = image.data[p + 1] = image.data[p + 2] = 153; // NaN / ∞: grey
      }
      image.data[p + 3] = 255;
    }
  }
  ctx.putImageData(image, 0, 0);
  return canvas.toDataURL();
}

export function createNeurons(root, { t, onSelect }) {
  const figure = d3.select(root);
  const svg = figure.append('svg').attr('class', 'training-network').attr('role', 'group');
  const edgesG = svg.append('g').attr('class', 'edges');
  const unitsG = svg.append('g').attr('class', 'units');
  const labelsG = svg.append('g').attr('class', 'layer-labels');
  const note = figure.append('p').attr('class', 'train-hint network-note');
  let last = { sizes: null, run: null, selected: null };

  function render(run, sizes, activations, selected) {
    last = { sizes, run, selected, activations };
    if (!sizes) { svg.attr('hidden', true); note.text(''); return; }
    svg.attr('hidden', null);
    const layout = networkLayout(sizes);
    svg.attr('viewBox', `0 0 ${layout.width} ${layout.height + 14}`)
      .attr('aria-label', t('training.network.label', { layers: sizes.length - 2 }))
      .attr('data-epoch', run?.boundaryEpoch ?? 0);
    const byKey = new Map(layout.nodes.map((n) => [n.key, n]));
    const weights = run?.parameters;
    const edgeCount = sizes.slice(1).reduce((sum, n, i) => sum + n * sizes[i], 0);
    const edges = [];
    if (edgeCount <= MAX_EDGES) {
      for (let l = 1; l < sizes.length; l += 1) {
        const W = weights?.[`W${l}`];
        const wmax = W ? d3.max(W.flat(), (v) => Math.abs(toNumber(v))) || 1 : 1;
        for (let j = 0; j < sizes[l]; j += 1) {
          for (let i = 0; i < sizes[l - 1]; i += 1) {
            const w = W ? toNumber(W[j][i]) : 0;
            edges.push({ key: `${l}-${i}-${j}`, from: byKey.get(`${l - 1}-${i}`), to: byKey.get(`${l}-${j}`), w, share: Math.abs(w) / wmax });
          }
        }
      }
    }
    edgesG.selectAll('line').data(edges, (e) => e.key).join('line')
      .attr('x1', (e) => e.from.x).attr('y1', (e) => e.from.y).attr('x2', (e) => e.to.x).attr('y2', (e) => e.to.y)
      .attr('stroke', (e) => (e.w >= 0 ? '#0072B2' : '#E69F00'))
      .attr('stroke-width', (e) => 0.3 + 2.7 * (Number.isFinite(e.share) ? e.share : 0))
      .attr('stroke-opacity', (e) => 0.15 + 0.6 * (Number.isFinite(e.share) ? e.share : 0));
    note.text(edgeCount > MAX_EDGES ? t('training.network.noEdges', { edges: edgeCount, max: MAX_EDGES }) : '');

    const pictures = run?.neurons?.layers;
    const L = sizes.length - 1;
    const units = layout.nodes.map((n) => ({
      ...n,
      kind: n.layer === 0 ? 'input' : n.layer === L ? 'output' : 'hidden',
      picture: n.layer > 0 && n.layer < L ? pictures?.[n.layer - 1]?.[n.unit] ?? null : null,
    }));
    const half = layout.thumb / 2;
    const join = unitsG.selectAll('g.unit').data(units, (u) => u.key).join((enter) => {
      const g = enter.append('g');
      g.append('rect').attr('class', 'frame');
      g.append('image').attr('preserveAspectRatio', 'none');
      g.append('text').attr('class', 'unit-label').attr('text-anchor', 'middle').attr('dy', '0.35em');
      return g;
    });
    join.attr('class', (u) => `unit ${u.kind}`) // a unit's key can change kind when the layers change
      .attr('transform', (u) => `translate(${u.x - half},${u.y - half})`)
      .attr('data-layer', (u) => u.layer).attr('data-unit', (u) => u.unit)
      .attr('data-has-picture', (u) => (u.picture ? 'yes' : 'no'))
      .attr('tabindex', (u) => (u.kind === 'hidden' ? 0 : null))
      .attr('role', (u) => (u.kind === 'hidden' ? 'button' : null))
      .attr('aria-pressed', (u) => (u.kind === 'hidden' ? String(selected?.layer === u.layer && selected?.unit === u.unit) : null))
      .attr('aria-label', (u) => unitName(u))
      .classed('selected', (u) => selected?.layer === u.layer && selected?.unit === u.unit);
    join.select('rect.frame').attr('width', layout.thumb).attr('height', layout.thumb).attr('rx', (u) => (u.kind === 'hidden' ? 2 : half));
    join.select('image').attr('width', layout.thumb).attr('height', layout.thumb)
      .attr('href', (u) => (u.picture ? pictureURL(u.picture, unitRange(activations?.[u.layer - 1], u.picture)) : null));
    join.select('text').attr('x', half).attr('y', half)
      .text((u) => (u.kind === 'input' ? `x${sub(u.unit + 1)}` : u.kind === 'output' ? (sizes[L] > 1 ? `ŷ${sub(u.unit + 1)}` : 'ŷ') : ''));
    join.on('click', (event, u) => { if (u.kind === 'hidden') onSelect(isSelected(u) ? null : { layer: u.layer, unit: u.unit }); })
      .on('keydown', (event, u) => {
        if (u.kind !== 'hidden' || (event.key !== 'Enter' && event.key !== ' ')) return;
        event.preventDefault();
        onSelect(isSelected(u) ? null : { layer: u.layer, unit: u.unit });
      });
    labelsG.selectAll('text').data(sizes.map((n, l) => ({ l, x: MARGIN + half + l * COLUMN })), (d) => d.l).join('text')
      .attr('x', (d) => d.x).attr('y', layout.height + 8).attr('text-anchor', 'middle')
      .text((d) => (d.l === 0 ? t('training.network.inputs') : d.l === L ? t('training.network.output') : `a[${d.l}]`));
  }
  const isSelected = (u) => last.selected?.layer === u.layer && last.selected?.unit === u.unit;
  const unitName = (u) => (u.kind === 'hidden' ? t('training.unit.name', { layer: u.layer, unit: u.unit + 1 })
    : u.kind === 'input' ? t('training.unit.input', { unit: u.unit + 1 }) : t('training.network.output'));

  return { render, relabel: () => render(last.run, last.sizes, last.activations, last.selected) };
}

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
export const sub = (n) => String(n).replace(/\d/g, (d) => SUBSCRIPTS[d]);

// The panel of one selected unit: {title, rows: [{name, weight, grad}]} from a run's parameters and
// the gradient of its last epoch's first update (pure; the view writes it into a table).
export function unitDetails(run, layer, unit) {
  const W = run?.parameters?.[`W${layer}`];
  const b = run?.parameters?.[`b${layer}`];
  const gW = run?.gradients?.[`W${layer}`];
  const gb = run?.gradients?.[`b${layer}`];
  if (!W || !W[unit]) return null;
  const rows = W[unit].map((w, i) => ({ name: `W[${layer}]${sub(unit + 1)},${sub(i + 1)}`, weight: w, grad: gW?.[unit]?.[i] ?? null }));
  rows.push({ name: `b[${layer}]${sub(unit + 1)}`, weight: b?.[unit] ?? null, grad: gb?.[unit] ?? null });
  return { rows, format: fmt };
}

// Writes the selected unit's panel: its picture's caption, then one row per incoming weight (and the
// bias) with its value now and ∂J/∂θ of the last epoch's first update.
export function renderUnitPanel(panel, run, selected, t) {
  const details = selected ? unitDetails(run, selected.layer, selected.unit) : null;
  panel.hidden = !details;
  if (!details) return;
  panel.querySelector('.unit-title').textContent = t('training.unit.title', { layer: selected.layer, unit: sub(selected.unit + 1), epoch: run.boundaryEpoch });
  const table = d3.select(panel.querySelector('table'));
  table.selectAll('thead').data([0]).join('thead').selectAll('tr').data([0]).join('tr')
    .selectAll('th').data(['training.unit.parameter', 'training.unit.value', 'training.unit.grad']).join('th')
    .attr('scope', 'col').text((k) => t(k));
  table.selectAll('tbody').data([0]).join('tbody').selectAll('tr').data(details.rows, (r) => r.name).join('tr')
    .selectAll('td').data((r) => [r.name, details.format(r.weight), r.grad === null ? '–' : details.format(r.grad)]).join('td')
    .text((v) => v);
  panel.dataset.layer = selected.layer;
  panel.dataset.unit = selected.unit;
}
