// What a tensor node shows inside its box (issue 12 item 1): a vector or matrix of up to
// MATRIX_MAX × MATRIX_MAX entries printed as a small matrix (value, and grad once revealed), a larger
// one as a heat map with its colour legend. `tensorContent` is pure (node-tested); `drawTensorContent`
// turns its answer into SVG inside a node's <g>, for any renderer that hands it one.
//
// Layout convention (contract §2): a vector is the textbook's column vector, so it is drawn n × 1, and
// a batch's x, z, a are n × m with one sample per column.
import { fmt, flatten, shapeOf } from '../format.js';

/** Tensors with at most this many rows and columns are printed; larger ones become heat maps. */
export const MATRIX_MAX = 8;
// Text metrics of the node font (11 px monospace, tabular digits): what the layout reserves.
export const CHAR_WIDTH = 6.7;
export const ROW_HEIGHT = 14;
const COLUMN_GAP = 8; // between printed columns, so "−0.3  0.4" never reads as one number
const BRACKET = 6; // width of a drawn matrix bracket and its gap
// Heat maps: the grid is drawn within about HEAT_SIDE px; a side longer than HEAT_CELLS is folded into
// blocks (each cell the mean of its block; the legend says so) so a 1,024-unit layer stays a picture.
const HEAT_SIDE = 96;
const HEAT_CELLS = 32;
const LEGEND_HEIGHT = 22; // the colour bar and its two end labels
// Diverging scale: blue for negative, near-white for 0, red for positive (ColorBrewer RdBu ends),
// symmetric around 0 so equal |v| get equal strength whatever the sign.
export const NEGATIVE = [33, 102, 172];
export const ZERO = [247, 247, 247];
export const POSITIVE = [178, 24, 43];

/** A value's grid: rows × cols and its entries as numbers; a vector is a column, a scalar 1 × 1. */
export function asGrid(v) {
  const shape = shapeOf(v);
  const entries = flatten(v);
  if (shape.length === 0) return { rows: 1, cols: 1, at: () => entries[0], shape };
  if (shape.length === 1) return { rows: shape[0], cols: 1, at: (r) => entries[r], shape };
  const [rows, cols] = shape;
  return { rows, cols, at: (r, c) => entries[r * cols + c], shape };
}

const isPrintable = (grid) => grid.rows <= MATRIX_MAX && grid.cols <= MATRIX_MAX;

/** Entries as the page writes them (format.js, 4 significant digits), row by row, with each column's
 *  width in characters so the columns line up. */
export function printedMatrix(v) {
  const grid = asGrid(v);
  const text = Array.from({ length: grid.rows }, (_, r) => Array.from({ length: grid.cols }, (_, c) => fmt(grid.at(r, c))));
  const widths = Array.from({ length: grid.cols }, (_, c) => Math.max(...text.map((row) => row[c].length)));
  const width = widths.reduce((s, w) => s + w * CHAR_WIDTH, 0) + COLUMN_GAP * (grid.cols - 1) + 2 * BRACKET;
  return { kind: 'matrix', rows: grid.rows, cols: grid.cols, text, widths, width, height: grid.rows * ROW_HEIGHT };
}

/** The colour of v on the symmetric scale ±maxAbs, as "rgb(r, g, b)"; NaN and ∞ are black. */
export function colourOf(v, maxAbs) {
  if (!Number.isFinite(v)) return 'rgb(0, 0, 0)';
  const t = maxAbs > 0 ? Math.max(-1, Math.min(1, v / maxAbs)) : 0;
  const end = t < 0 ? NEGATIVE : POSITIVE;
  const mix = ZERO.map((z, i) => Math.round(z + (end[i] - z) * Math.abs(t)));
  return `rgb(${mix.join(', ')})`;
}

/** A heat map of v: cells (block means when a side exceeds HEAT_CELLS), their colours, and the legend's
 *  range (the largest |entry|, so the bar reads −M … 0 … M). */
export function heatMap(v) {
  const grid = asGrid(v);
  const block = [Math.ceil(grid.rows / HEAT_CELLS), Math.ceil(grid.cols / HEAT_CELLS)];
  const rows = Math.ceil(grid.rows / block[0]);
  const cols = Math.ceil(grid.cols / block[1]);
  let maxAbs = 0;
  const means = [];
  for (let r = 0; r < rows; r += 1) {
    for (let c = 0; c < cols; c += 1) {
      let sum = 0;
      let n = 0;
      for (let i = r * block[0]; i < Math.min(grid.rows, (r + 1) * block[0]); i += 1) {
        for (let j = c * block[1]; j < Math.min(grid.cols, (c + 1) * block[1]); j += 1) { sum += grid.at(i, j); n += 1; }
      }
      const mean = sum / n;
      if (Number.isFinite(mean)) maxAbs = Math.max(maxAbs, Math.abs(mean));
      means.push({ r, c, v: mean });
    }
  }
  const cell = Math.max(3, Math.min(12, Math.floor(HEAT_SIDE / Math.max(rows, cols))));
  const cells = means.map((m) => ({ ...m, fill: colourOf(m.v, maxAbs) }));
  return {
    kind: 'heatmap', rows, cols, cell, cells, block, maxAbs,
    legend: { min: -maxAbs, max: maxAbs, low: colourOf(-maxAbs, maxAbs), high: colourOf(maxAbs, maxAbs), label: `${fmt(-maxAbs)} … ${fmt(maxAbs)}` },
    width: Math.max(cols * cell, 72), height: rows * cell + LEGEND_HEIGHT,
  };
}

/** One part (value or grad) of a tensor node: printed when it fits, else a heat map. */
export function partContent(v) {
  return isPrintable(asGrid(v)) ? printedMatrix(v) : heatMap(v);
}

/** What a node shows: null for a scalar (the renderer's own text does), else {shape, parts, width,
 *  height} with parts [{which: 'value'|'grad', …partContent}] for the numbers revealed now. */
export function tensorContent(node, { value = true, grad = false } = {}) {
  if (!Array.isArray(node?.value)) return null;
  const parts = [];
  if (value) parts.push({ which: 'value', ...partContent(node.value) });
  if (grad && node.grad !== null && node.grad !== undefined) parts.push({ which: 'grad', ...partContent(node.grad) });
  const width = Math.max(0, ...parts.map((p) => p.width));
  const height = parts.reduce((s, p) => s + p.height, 0) + Math.max(0, parts.length - 1) * 6;
  return { shape: shapeOf(node.value), parts, width, height };
}

/** The entry under a point of a drawn heat map part (local coordinates from its top-left corner):
 *  {row, col (0-based, first entry of a block), value} or null outside — what a tap or hover shows. */
export function entryAt(part, x, y) {
  if (part?.kind !== 'heatmap') return null;
  const c = Math.floor(x / part.cell);
  const r = Math.floor(y / part.cell);
  if (r < 0 || c < 0 || r >= part.rows || c >= part.cols) return null;
  const cell = part.cells[r * part.cols + c];
  return { row: r * part.block[0], col: c * part.block[1], value: cell.v, block: part.block };
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, parent) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  parent.append(node);
  return node;
}

function drawMatrix(g, part) {
  const { height, width } = part;
  // The textbook's square brackets, drawn rather than typed so they span every row.
  svg('path', { class: 'tensor-bracket', d: `M${BRACKET - 2},0 H1 V${height} H${BRACKET - 2}` }, g);
  svg('path', { class: 'tensor-bracket', d: `M${width - BRACKET + 2},0 H${width - 1} V${height} H${width - BRACKET + 2}` }, g);
  let x = BRACKET;
  part.widths.forEach((w, c) => {
    const right = x + w * CHAR_WIDTH;
    part.text.forEach((row, r) => {
      const t = svg('text', { class: 'tensor-entry', x: right, y: r * ROW_HEIGHT + ROW_HEIGHT - 3.5, 'text-anchor': 'end', 'data-row': r, 'data-col': c }, g);
      t.textContent = row[c];
    });
    x = right + COLUMN_GAP;
  });
}

function drawHeat(g, part) {
  for (const cell of part.cells) {
    svg('rect', { class: 'tensor-cell', x: cell.c * part.cell, y: cell.r * part.cell, width: part.cell, height: part.cell, fill: cell.fill }, g);
  }
  const top = part.rows * part.cell + 4;
  const id = `tensor-legend-${Math.random().toString(36).slice(2)}`;
  const gradient = svg('linearGradient', { id }, svg('defs', {}, g));
  [[0, part.legend.low], [50, `rgb(${ZERO.join(', ')})`], [100, part.legend.high]].forEach(([offset, colour]) => {
    svg('stop', { offset: `${offset}%`, 'stop-color': colour }, gradient);
  });
  svg('rect', { class: 'tensor-legend-bar', x: 0, y: top, width: part.width, height: 5, fill: `url(#${id})` }, g);
  const low = svg('text', { class: 'tensor-legend', x: 0, y: top + 16 }, g);
  low.textContent = fmt(part.legend.min);
  const high = svg('text', { class: 'tensor-legend', x: part.width, y: top + 16, 'text-anchor': 'end' }, g);
  high.textContent = fmt(part.legend.max);
  if (part.block[0] > 1 || part.block[1] > 1) {
    const note = svg('title', {}, g);
    note.textContent = `each cell: the mean of ${part.block[0]}×${part.block[1]} entries`;
  }
}

/** Draws `content` (tensorContent) into the SVG group `g`, parts stacked, each centred on x = 0 with
 *  its top at y = 0; replaces what was there. Each part is a <g class="tensor-part" data-which>. */
export function drawTensorContent(g, content) {
  g.replaceChildren();
  if (!content) return;
  let y = 0;
  for (const part of content.parts) {
    const pg = svg('g', { class: `tensor-part tensor-${part.which} tensor-${part.kind}`, 'data-which': part.which, transform: `translate(${-part.width / 2},${y})` }, g);
    if (part.kind === 'matrix') drawMatrix(pg, part); else drawHeat(pg, part);
    y += part.height + 6;
  }
}
