// The renderer's content for tensor nodes (static/js/graph/content.js interface: size, enter, place,
// update): the node's title, then its value and, once revealed, its gradient, each as a printed matrix
// (≤ 8 × 8, the page formatter's 4 significant digits) or a heat map with its colour legend
// (tensors/node_content.js). Entries of a parameter (W^[i], b^[i]) can be selected by click, tap or
// keyboard; the scalar view then highlights the same weight w^[i]_{jk} (tensors/selection.js).
import { fmt, shapeOf } from '../format.js';
import { MATRIX_MAX, asGrid, heatMap, colourOf, entryAt } from './node_content.js';
import { selection, scalarIdOf, sameEntry, entryOfScalarId } from './selection.js';

const TITLE_PX = 14; // .node-title
const LABEL_PX = 12; // "value" / "grad" over each part
const ENTRY_PX = 12; // .tensor-entry
const ROW = 16; // line height of a printed matrix
const GAP = 10; // between columns of a printed matrix
const BRACKET = 5;
const PAD = 12; // inside the box, left and right
const PART_GAP = 16; // between the value part and the grad part
const TOP = 26; // below the title
const LABEL_H = 16;
// Parts wider than this are stacked (value above grad) instead of side by side.
const SIDE_BY_SIDE_MAX = 180;

const isPrintable = (grid) => grid.rows <= MATRIX_MAX && grid.cols <= MATRIX_MAX;

/** The layout of one part (value or grad) of `v`: printed columns measured with `textWidth`, or a
 *  heat map. Pure. */
export function partLayout(v, textWidth, format = fmt) {
  const grid = asGrid(v ?? []);
  if (!isPrintable(grid)) {
    const heat = heatMap(v);
    return { kind: 'heatmap', heat, width: heat.width, height: heat.rows * heat.cell + 34 };
  }
  const text = Array.from({ length: grid.rows }, (_, r) => Array.from({ length: grid.cols }, (_, c) => format(grid.at(r, c))));
  const widths = Array.from({ length: grid.cols }, (_, c) => Math.ceil(Math.max(...text.map((row) => textWidth(row[c], ENTRY_PX, false)))));
  const width = widths.reduce((s, w) => s + w, 0) + GAP * (grid.cols - 1) + 2 * (BRACKET + 3);
  return { kind: 'matrix', rows: grid.rows, cols: grid.cols, widths, width, height: grid.rows * ROW + 4 };
}

/** The whole node's layout: both parts (the gradient's room is kept while it is hidden, so the box
 *  never changes size while stepping), side by side or stacked. Pure. */
export function nodeLayout(node, env) {
  const textWidth = env.textWidth;
  const value = partLayout(node.value, textWidth, env.sizeFmt ?? fmt);
  const hasGrad = node.kind !== 'constant' && node.grad !== null && node.grad !== undefined;
  const grad = hasGrad ? partLayout(node.grad, textWidth, env.sizeFmt ?? fmt) : null;
  const label = Math.max(...[...env.words.value, ...env.words.grad].map((w) => textWidth(w, LABEL_PX, true)));
  const pw = (p) => Math.max(p.width, label);
  const parts = grad ? [value, grad] : [value];
  for (const p of parts) p.slot = pw(p); // the room a part takes: its matrix or its label
  const side = parts.every((p) => pw(p) <= SIDE_BY_SIDE_MAX);
  const inner = side ? parts.reduce((s, p) => s + pw(p), 0) + PART_GAP * (parts.length - 1) : Math.max(...parts.map(pw));
  const body = side ? Math.max(...parts.map((p) => p.height)) + LABEL_H : parts.reduce((s, p) => s + p.height + LABEL_H, 0) + 6 * (parts.length - 1);
  const title = textWidth(env.title ?? '', TITLE_PX, true);
  return { value, grad, side, width: Math.ceil(Math.max(64, title, inner) + 2 * PAD), height: Math.ceil(TOP + body + 10) };
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, parent) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  parent.append(el);
  return el;
}

/** "W1" → {letter: 'w', layer: 1} for a layer-view parameter id, else null. */
function parameterOf(node) {
  const m = node.kind === 'parameter' ? /^([Wb])(\d+)$/.exec(node.id) : null;
  return m ? { letter: m[1].toLowerCase(), layer: Number(m[2]) } : null;
}

function drawMatrix(g, layout, v, node, which) {
  const grid = asGrid(v);
  const h = layout.height - 4;
  svg('path', { class: 'tensor-bracket', d: `M${BRACKET},0 H1 V${h} H${BRACKET}` }, g);
  svg('path', { class: 'tensor-bracket', d: `M${layout.width - BRACKET},0 H${layout.width - 1} V${h} H${layout.width - BRACKET}` }, g);
  const param = which === 'value' ? parameterOf(node) : null;
  let x = BRACKET + 3;
  layout.widths.forEach((w, c) => {
    for (let r = 0; r < grid.rows; r += 1) {
      const entry = param ? { ...param, j: r + 1, k: grid.cols === 1 && param.letter === 'b' ? null : c + 1 } : null;
      if (entry) {
        // A transparent target under the number: text ignores the pointer (.node text), this does not.
        const hit = svg('rect', { class: 'tensor-hit', x: x - 3, y: r * ROW, width: w + 6, height: ROW, tabindex: 0, role: 'button',
          'data-row': r, 'data-col': c, 'aria-label': `${scalarIdOf(entry)} = ${fmt(grid.at(r, c))}` }, g);
        const choose = (event) => { event.stopPropagation(); selection.set(entry); };
        hit.addEventListener('click', choose);
        hit.addEventListener('keydown', (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); choose(event); } });
      }
      const t = svg('text', { class: 'tensor-entry', x: x + w, y: r * ROW + ROW - 4, 'data-row': r, 'data-col': c }, g);
      t.textContent = fmt(grid.at(r, c));
    }
    x += w + GAP;
  });
}

function drawHeat(g, layout, v) {
  const { heat } = layout;
  for (const cell of heat.cells) {
    const rect = svg('rect', { class: 'tensor-cell', x: cell.c * heat.cell, y: cell.r * heat.cell, width: heat.cell, height: heat.cell }, g);
    rect.style.fill = cell.fill; // CSSOM: the page's CSP allows it, unlike a style attribute
    svg('title', {}, rect).textContent = fmt(cell.v);
  }
  const top = heat.rows * heat.cell + 4;
  const bar = svg('g', { class: 'tensor-legend-bar', transform: `translate(0,${top})` }, g);
  const steps = 16; // the colour bar as 16 swatches from −M to M (no gradient element: ids in many nodes clash)
  for (let i = 0; i < steps; i += 1) {
    const s = svg('rect', { x: (i * layout.width) / steps, y: 0, width: layout.width / steps + 0.5, height: 5 }, bar);
    s.style.fill = colourOf(-heat.maxAbs + (2 * heat.maxAbs * (i + 0.5)) / steps, heat.maxAbs);
  }
  svg('text', { class: 'tensor-legend tensor-legend-min', x: 0, y: top + 16 }, g).textContent = fmt(-heat.maxAbs);
  svg('text', { class: 'tensor-legend tensor-legend-max', x: layout.width, y: top + 16 }, g).textContent = fmt(heat.maxAbs);
  // A tap (or click) on the map reads out the entry under it, in the node itself: phones have no hover.
  const readout = svg('text', { class: 'tensor-readout', x: layout.width / 2, y: top + 28 }, g);
  const area = svg('rect', { class: 'tensor-hit', x: 0, y: 0, width: heat.cols * heat.cell, height: heat.rows * heat.cell }, g);
  area.addEventListener('click', (event) => {
    event.stopPropagation();
    const box = area.getBoundingClientRect();
    const scale = box.width / (heat.cols * heat.cell);
    const hit = entryAt(heat, (event.clientX - box.left) / scale, (event.clientY - box.top) / scale);
    if (!hit) return;
    const block = hit.block[0] > 1 || hit.block[1] > 1 ? ` (mean of ${hit.block[0]}×${hit.block[1]})` : '';
    readout.textContent = `[${hit.row + 1},${hit.col + 1}] = ${fmt(hit.value)}${block}`;
  });
}

// What each node's body was last drawn for: the scene's item (every answer gives new items: other
// numbers, perhaps another shape, as when y goes from class indices to one-hot rows) and which parts
// were shown in which language. Stepping changes only the latter; the body is redrawn when either does.
const drawnFor = new WeakMap();

/** The content object the renderer asks for tensor nodes. */
export const matrixContent = {
  name: 'matrix',
  title: (base, node) => `${base}  [${shapeOf(node.value).join('×')}]`,
  size(node, env) {
    return { ...nodeLayout(node, env), layout: true };
  },
  enter(g) {
    g.append('text').attr('class', 'node-title');
    g.append('g').attr('class', 'tensor-body');
  },
  place(g, item, [ox, oy]) {
    const top = oy - item.height / 2;
    g.select('text.node-title').attr('x', ox).attr('y', top + 19).text(item.title);
    g.select('g.tensor-body').attr('transform', `translate(${ox - item.width / 2 + PAD},${top + TOP})`);
  },
  update(g, item, shown, env) {
    const body = g.select('g.tensor-body').node();
    const key = `${shown.value === null ? 0 : 1}${shown.grad === null ? 0 : 1}|${env.t('explorer.node.value')}`;
    const drawn = drawnFor.get(body);
    if (drawn?.item !== item || drawn.key !== key) {
      drawnFor.set(body, { item, key });
      body.replaceChildren();
      const inner = item.width - 2 * PAD;
      const parts = [['value', item.value, shown.value], ['grad', item.grad, shown.grad]].filter(([, layout]) => layout);
      let x = 0;
      let y = 0;
      for (const [which, layout, v] of parts) {
        const { slot } = layout;
        const left = item.side ? x + (slot - layout.width) / 2 : (inner - layout.width) / 2;
        const pg = svg('g', { class: `tensor-part tensor-${which}`, 'data-which': which, transform: `translate(${left},${y})` }, body);
        if (v !== null) {
          svg('text', { class: `tensor-label node-${which}`, x: layout.width / 2, y: 11 }, pg).textContent = env.t(`explorer.node.${which}`);
          const grid = svg('g', { transform: `translate(0,${LABEL_H})` }, pg);
          if (layout.kind === 'matrix') drawMatrix(grid, layout, v, item.node, which); else drawHeat(grid, layout, v);
        }
        if (item.side) x += slot + PART_GAP;
        else y += layout.height + LABEL_H + 6;
      }
    }
    markSelected(g.node(), item.node);
  },
};

/** Marks the selected entry (tensors/selection.js) inside a tensor node, or the scalar node itself. */
export function markSelected(el, node) {
  const chosen = selection.get();
  if (Array.isArray(node.value)) {
    const param = parameterOf(node);
    for (const hit of el.querySelectorAll('.tensor-value .tensor-hit[data-row]')) {
      const on = Boolean(param && chosen && chosen.letter === param.letter && chosen.layer === param.layer
        && chosen.j === Number(hit.dataset.row) + 1 && (chosen.k ?? 1) === Number(hit.dataset.col) + 1);
      hit.classList.toggle('is-linked', on);
      if (on) el.dataset.linked = `${hit.dataset.row},${hit.dataset.col}`;
    }
    if (!el.querySelector('.tensor-hit.is-linked')) delete el.dataset.linked;
    return;
  }
  el.classList.toggle('is-linked', Boolean(chosen) && sameEntry(chosen, node.id));
}

/**
 * Links the views inside `root` (the explorer): a click, tap or Enter on a scalar-view parameter node
 * (w1_12, b1_2) selects that entry, and whatever graph is drawn marks the selected entry — the matrix
 * cell in the layer view, the node in the scalar view — also after a view switch redraws it.
 */
export function linkViews(root) {
  if (!root || root.dataset.tensorLink) return;
  root.dataset.tensorLink = 'on';
  const pick = (event) => {
    const el = event.target.closest?.('[data-node-id]');
    const entry = el ? entryOfScalarId(el.dataset.nodeId) : null;
    if (entry) selection.set(entry);
  };
  root.addEventListener('click', pick);
  root.addEventListener('keydown', (event) => { if (event.key === 'Enter') pick(event); });
  let queued = false;
  const mark = () => {
    queued = false;
    // Only parameter-like ids can be linked (W1, b1, w1_12, b1_2): a big expression's thousands of
    // other nodes are not visited on every step.
    for (const el of root.querySelectorAll('[data-node-id^="W"], [data-node-id^="w"], [data-node-id^="b"]')) {
      const node = el.__data__?.node; // the renderer's d3 datum: {node, …}
      if (node) markSelected(el, node);
      // A scalar weight node is reachable by Tab, so the keyboard selects it as a click does.
      if (!el.hasAttribute('tabindex') && entryOfScalarId(el.dataset.nodeId)) el.setAttribute('tabindex', '0');
    }
  };
  const later = () => { if (!queued) { queued = true; requestAnimationFrame(mark); } };
  selection.subscribe(later);
  new MutationObserver(later).observe(root.querySelector('.graph-area') ?? root, { childList: true, subtree: true });
}
