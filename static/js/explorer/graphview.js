// The computation graph as SVG: one reusable view for the explorer and the practice view.
//   const view = createGraphView(container, ctx, { onNodeClick });
//   view.render(response);                       // draw (keyed joins: nodes by id, edges by id)
//   view.setRevealed({ values, grads, edges, current, active });   // Sets of node / edge ids
//   view.highlight(nodeId); view.fit(); view.svg  // the <svg> element (for export)
// Each node is a <g data-node-id data-value data-grad>: the hooks hold the numbers shown now and are
// empty while hidden. Values are blue, gradients vermillion, parameters teal (app.css).
// Graphs above ANIMATION_NODE_LIMIT nodes are drawn as many small SVG tiles instead of one SVG
// (graphview_large.js says why); for those, `view.svg` is one SVG composed from the tiles, valid for
// the current task (export.js reads it at once).
import { layoutGraph } from './layout.js';
import { createLargeStage, planTiles } from './graphview_large.js';
import { edgesOf } from './timeline.js';
import { caption, displayName } from './narrate.js';
import { fmt, fmtAny, hookValue, isTensor, shapeOf, flatten } from './format.js';

const d3 = globalThis.d3; // vendored UMD build, loaded by a classic <script> before the modules

export const ANIMATION_NODE_LIMIT = 300; // above this, transitions cost more than they explain
const DURATION = 400;
const SCALAR_HEIGHT = 66;
const CHAR_WIDTH = 7.4; // 13px system sans: wide enough that titles never overflow their box
const MIN_WIDTH = 92;
const MAX_WIDTH = 210;
const HEAT_WIDTH = 64; // each heat map (values left, gradients right) fits in about this many pixels
const HEAT_MAX = 8; // rows and columns of a tensor drawn; the shape label tells the full size
let viewCount = 0;

// A text written again, even unchanged, is laid out again: a recompute refreshes every node of a
// 2,000-node graph, and only the numbers that differ should cost a relayout (measured there:
// Chromium's layout 470 → 90 ms).
function setText(sel, text) {
  const el = sel.node();
  if (el && el.textContent !== text) el.textContent = text;
}

const reducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

function titleOf(node, byId) {
  const text = caption(node, byId);
  return text ? `${displayName(node)} = ${text}` : displayName(node);
}

/** A tensor's values cut to at most HEAT_MAX × HEAT_MAX cells: [{i, row, col, v}] and its grid size. */
export function heatCells(v) {
  const shape = shapeOf(v);
  const rows2d = shape.length <= 1 ? [v] : v.map((r) => (Array.isArray(r[0]) ? r.map(flatten).flat() : r));
  const rows = Math.min(HEAT_MAX, rows2d.length);
  const cols = Math.min(HEAT_MAX, Math.max(...rows2d.slice(0, rows).map((r) => r.length)));
  const cells = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) cells.push({ i: r * cols + c, row: r, col: c, v: Number(flatten(rows2d[r][c] ?? NaN)[0]) });
  const cell = Math.max(6, Math.min(14, Math.floor(HEAT_WIDTH / Math.max(rows, cols))));
  return { cells, rows, cols, cell };
}

function measure(node, byId) {
  const tensor = isTensor(node.value);
  const title = tensor ? `${titleOf(node, byId)}  [${shapeOf(node.value).join('×')}]` : titleOf(node, byId);
  const heat = tensor ? heatCells(node.value) : null;
  const heatWidth = heat ? heat.cols * heat.cell * 2 + 36 : 0;
  const width = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.max(title.length * CHAR_WIDTH + 24, heatWidth)));
  const height = heat ? 48 + heat.rows * heat.cell : SCALAR_HEIGHT;
  return { id: node.id, node, title, tensor, heat, width, height };
}

const LABEL_WIDTH = 84; // an edge label's two lines ("← −0.4539" over "local 0.2479") at 11.5px
const LABEL_HEIGHT = 30;

/**
 * Edge-label places that do not stack: labels whose places fall in the same column (fan-out, parallel
 * edges x*x, several inputs of one node) are spread to LABEL_HEIGHT apart, in the order of their
 * edges' heights and centred where they were, so each stays beside its own edge. Pure: Map(id → [x, y])
 * in, a new Map out. Columns are found by one sort on x, so thousands of labels cost milliseconds.
 */
export function spreadLabels(places, { width = LABEL_WIDTH, height = LABEL_HEIGHT } = {}) {
  const out = new Map(places);
  const byX = [...places].sort((a, b) => a[1][0] - b[1][0]);
  for (let start = 0; start < byX.length;) {
    let end = start + 1;
    while (end < byX.length && byX[end][1][0] - byX[start][1][0] < width * 0.75) end++;
    const column = byX.slice(start, end).sort((a, b) => a[1][1] - b[1][1] || String(a[0]).localeCompare(String(b[0])));
    // Runs of labels that touch: each pushed just below the one before, then the run re-centred.
    for (let i = 0; i < column.length;) {
      let j = i + 1;
      const ys = [column[i][1][1]];
      while (j < column.length && column[j][1][1] < ys[ys.length - 1] + height) { ys.push(ys[ys.length - 1] + height); j++; }
      const run = column.slice(i, j);
      const shift = run.reduce((sum, [, p], k) => sum + p[1] - ys[k], 0) / run.length;
      run.forEach(([id, p], k) => out.set(id, [p[0], ys[k] + shift]));
      i = j;
    }
    start = end;
  }
  return out;
}

/** Ids whose membership differs between each [before, after] pair of Sets (or single ids). */
function changed(...pairs) {
  const out = new Set();
  for (const [before, after] of pairs) {
    if (before instanceof Set) {
      for (const id of before) if (!after.has(id)) out.add(id);
      for (const id of after) if (!before.has(id)) out.add(id);
    } else if (before !== after) {
      if (before !== null && before !== undefined) out.add(before);
      if (after !== null && after !== undefined) out.add(after);
    }
  }
  return out;
}

export function createGraphView(container, ctx, { onNodeClick } = {}) {
  const uid = ++viewCount;
  const svg = d3.select(container).append('svg')
    .attr('class', 'graph')
    .attr('role', 'group')
    .attr('aria-roledescription', 'graph');
  const large = createLargeStage(container); // used instead of `svg` above ANIMATION_NODE_LIMIT nodes
  let isLarge = false;
  // Markers in a display:none <svg> do not render, so each drawing has its own (ids differ by suffix).
  const addMarkers = (defs, suffix) => {
    for (const kind of ['plain', 'active', 'grad']) {
      defs.append('marker').attr('id', `arrow-${kind}-${uid}${suffix}`).attr('class', `arrow arrow-${kind}`)
        .attr('viewBox', '0 0 10 10').attr('refX', 9).attr('refY', 5)
        .attr('markerUnits', 'userSpaceOnUse').attr('markerWidth', 9).attr('markerHeight', 9).attr('orient', 'auto-start-reverse')
        .append('path').attr('d', 'M0,0 L10,5 L0,10 z');
    }
  };
  addMarkers(svg.append('defs'), '');
  addMarkers(d3.select(large.defs).append('defs'), '-large');
  const viewport = svg.append('g').attr('class', 'viewport');
  const edgeLayer = viewport.append('g').attr('class', 'edges');
  const nodeLayer = viewport.append('g').attr('class', 'nodes');
  const labelLayer = viewport.append('g').attr('class', 'edge-labels');
  let size = { width: 0, height: 0 };
  new ResizeObserver(([entry]) => { size = { width: entry.contentRect.width, height: entry.contentRect.height }; }).observe(container);
  // An explicit extent: d3-zoom's default reads the SVG's width.baseVal, which forces a layout.
  // One behaviour on both drawings: a big graph's pan/zoom is a CSS transform of its HTML layer.
  const zoom = d3.zoom().extent(() => [[0, 0], [size.width || 800, size.height || 500]]).scaleExtent([0.02, 4])
    .on('zoom', function onZoom(e) {
      if (this === large.stage) large.setTransform(e.transform);
      else viewport.attr('transform', e.transform);
    });
  svg.call(zoom).on('dblclick.zoom', null);
  d3.select(large.stage).call(zoom).on('dblclick.zoom', null);
  const zoomTarget = () => (isLarge ? d3.select(large.stage) : svg);

  let response = null;
  let byId = new Map();
  let items = new Map(); // id → measured node with x, y
  let edgeItems = [];
  let edgeMid = new Map(); // edge id → label position
  let nodeEls = new Map(); // node id → its <g>
  let edgeEls = new Map(); // edge id → its <path>
  let labelEls = new Map(); // big graphs: edge id → its shown label <g>
  let labelTileOf = new Map(); // big graphs: edge id → the tile its label goes in
  let edgeById = new Map();
  const emptyShown = () => ({ values: new Set(), grads: new Set(), edges: new Set(), active: new Set(), current: null, highlighted: null, phase: undefined });
  let shown = emptyShown(); // what the DOM shows now
  let bounds = { width: 0, height: 0 };
  let state = { values: new Set(), grads: new Set(), edges: new Set(), current: null, active: new Set() };
  let highlighted = null;
  let engine = null;

  const animate = () => !reducedMotion() && items.size <= ANIMATION_NODE_LIMIT;
  const maybe = (sel) => (animate() ? sel.transition().duration(DURATION) : sel);
  const markerUrl = (kind) => `url(#arrow-${kind}-${uid}${isLarge ? '-large' : ''})`;

  function labelSvg() {
    const label = ctx.t('explorer.graph.label', { count: items.size });
    svg.attr('aria-label', label);
    large.stage.setAttribute('aria-label', label);
  }

  // Where each edge meets its target: ports ordered by the source's height, so edges do not cross
  // at the node; parallel edges (x*x) get their labels stacked instead of drawn on top of each other.
  function portsOf(edges) {
    const slot = new Map();
    const byTarget = d3.group(edges, (e) => e.target);
    for (const list of byTarget.values()) {
      const sorted = [...list].sort((a, b) => items.get(a.source).y - items.get(b.source).y || a.index - b.index);
      sorted.forEach((e, i) => slot.set(e.id, { i, k: sorted.length }));
      const pairs = d3.group(list, (e) => e.source);
      for (const same of pairs.values()) same.forEach((e, j) => { slot.get(e.id).dup = j - (same.length - 1) / 2; });
    }
    return slot;
  }

  function edgeGeometry(e, slot) {
    const s = items.get(e.source);
    const tg = items.get(e.target);
    const { i, k, dup } = slot.get(e.id);
    const spread = Math.min(14, (tg.height - 16) / Math.max(1, k));
    const x0 = s.x + s.width / 2;
    const y0 = s.y;
    const x1 = tg.x - tg.width / 2 - 2;
    const y1 = tg.y + (i - (k - 1) / 2) * spread;
    const mx = (x0 + x1) / 2;
    const box = [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)];
    return { d: `M${x0},${y0} C${mx},${y0} ${mx},${y1} ${x1},${y1}`, mid: [mx, (y0 + y1) / 2 + dup * 30], box };
  }

  /** Each edge geometry's label place moved by spreadLabels so that no two labels stack. */
  function placeLabels(geo) {
    const spread = spreadLabels(new Map([...geo].map(([id, g]) => [id, g.mid])));
    for (const [id, g] of geo) g.mid = spread.get(id);
    return geo;
  }

  /** Draw a response. Same node ids keep their elements (values and positions transition). */
  function render(resp) {
    const sameShape = response && resp.nodes.length === response.nodes.length && resp.nodes.every((n) => items.has(n.id));
    response = resp;
    byId = new Map(resp.nodes.map((n) => [n.id, n]));
    const measured = resp.nodes.map((n) => measure(n, byId));
    edgeItems = edgesOf(resp);
    const laid = layoutGraph(measured, edgeItems);
    engine = laid.engine;
    for (const m of measured) Object.assign(m, laid.positions.get(m.id));
    items = new Map(measured.map((m) => [m.id, m]));
    bounds = { width: Math.max(0, laid.width) || 0, height: Math.max(0, laid.height) || 0 }; // an empty dagre graph is -Infinity wide
    edgeById = new Map(edgeItems.map((e) => [e.id, e]));
    setLarge(items.size > ANIMATION_NODE_LIMIT);
    labelSvg();
    if (isLarge) drawLarge();
    else {
      drawNodes(measured);
      drawEdges();
    }
    applyState(true);
    if (!sameShape) fit();
  }

  /** Switch between the one-SVG drawing and the tiled one; the other is emptied so every node id is
   *  in the page once. */
  function setLarge(on) {
    if (on === isLarge) return;
    isLarge = on;
    if (on) {
      svg.selectAll('.viewport > g > *').interrupt().remove();
      shown = emptyShown();
    }
    svg.style('display', on ? 'none' : null);
    large.show(on);
  }

  function enterNode(enter) {
    const g = enter.append('g')
      .attr('class', (d) => `node kind-${d.node.kind}`)
      .attr('data-node-id', (d) => d.id)
      .attr('data-value', '').attr('data-grad', '')
      .attr('role', 'img')
      // Big graphs place each node's shapes directly: a transform per node gives Chromium a paint
      // chunk per node to re-composite every frame (measured: most of a step's cost on 2,000 nodes).
      .attr('transform', (d) => (isLarge ? null : `translate(${d.x},${d.y})`))
      .on('click', (event, d) => onNodeClick?.(d.id, event));
    g.append('rect').attr('class', 'node-box').attr('rx', 8);
    g.append('text').attr('class', 'node-title');
    g.append('text').attr('class', 'node-value');
    g.append('text').attr('class', 'node-grad');
    return g;
  }

  const enterEdge = (enter, geo) => enter.append('path').attr('class', 'edge').attr('data-edge-id', (e) => e.id)
    .attr('data-source', (e) => e.source).attr('data-target', (e) => e.target)
    .attr('d', (e) => geo.get(e.id).d).attr('marker-end', markerUrl('plain'));

  function drawNodes(measured) {
    // A node fading out is no longer part of the graph: it leaves the join (a node of the same id
    // coming back is a new element, not a half-transparent ghost whose removal is still pending) and
    // its hooks, so nothing reads its stale numbers while it fades.
    nodeLayer.selectAll('g.node:not(.is-exiting)').data(measured, (d) => d.id).join(
      (enter) => {
        const g = enterNode(enter);
        if (animate()) g.attr('opacity', 0).transition().duration(DURATION).attr('opacity', 1);
        return g;
      },
      (update) => {
        maybe(update).attr('transform', (d) => `translate(${d.x},${d.y})`);
        return update.attr('class', (d) => `node kind-${d.node.kind}`);
      },
      (exit) => (animate()
        ? exit.classed('is-exiting', true).attr('data-node-id', null).attr('aria-hidden', 'true').on('click', null)
          .transition().duration(DURATION).attr('opacity', 0).remove()
        : exit.remove()),
    ).each(drawBox);
    nodeEls = new Map();
    nodeLayer.selectAll('g.node').filter((d) => items.has(d.id) && items.get(d.id) === d).each(function keep(d) { nodeEls.set(d.id, this); });
  }

  function drawBox(d) {
    const g = d3.select(this);
    const [ox, oy] = isLarge ? [d.x, d.y] : [0, 0]; // the node's origin: its <g> is not translated
    const top = oy - d.height / 2;
    g.select('rect.node-box').attr('x', ox - d.width / 2).attr('y', top).attr('width', d.width).attr('height', d.height);
    g.select('text.node-title').attr('y', top + 18).attr('x', isLarge ? ox : null).text(d.title);
    g.select('text.node-value').attr('y', d.tensor ? top + 34 : top + 38).attr('x', ox + (d.tensor ? -d.width / 4 : 0));
    g.select('text.node-grad').attr('y', d.tensor ? top + 34 : top + 56).attr('x', ox + (d.tensor ? d.width / 4 : 0));
    if (!d.tensor) g.selectAll('g.heat').remove(); // an id that was a tensor before
    if (d.tensor) {
      if (g.select('g.heat-value').empty()) {
        g.append('g').attr('class', 'heat heat-value');
        g.append('g').attr('class', 'heat heat-grad');
      }
      const w = d.heat.cols * d.heat.cell;
      g.select('g.heat-value').attr('transform', `translate(${ox - d.width / 4 - w / 2},${top + 40})`);
      g.select('g.heat-grad').attr('transform', `translate(${ox + d.width / 4 - w / 2},${top + 40})`);
    }
  }

  function drawEdges() {
    const slot = portsOf(edgeItems);
    const geo = placeLabels(new Map(edgeItems.map((e) => [e.id, edgeGeometry(e, slot)])));
    edgeEls = new Map();
    edgeLayer.selectAll('path.edge').data(edgeItems, (e) => e.id).join(
      (enter) => enterEdge(enter, geo),
      (update) => { maybe(update).attr('d', (e) => geo.get(e.id).d); return update; },
      (exit) => exit.remove(),
    ).each(function keep(e) { edgeEls.set(e.id, this); });
    edgeMid = new Map([...geo].map(([id, g]) => [id, g.mid]));
    labelLayer.selectAll('g.edge-label').filter((e) => edgeMid.has(e.id))
      .call((update) => maybe(update).attr('transform', (e) => `translate(${edgeMid.get(e.id)})`));
  }

  /** A big graph: its tiles updated by key (graphview_large.js planTiles/syncTiles): a tile drawing
   *  the same ids at the same places is kept with its elements, so a recompute only rebinds data and
   *  applyState writes the new numbers in place; inside each tile nodes and edges are joined by id,
   *  drawn with the same enter as the one-SVG drawing. Labels are added as edges are revealed. */
  function drawLarge() {
    const slot = portsOf(edgeItems);
    const geo = placeLabels(new Map(edgeItems.map((e) => [e.id, edgeGeometry(e, slot)])));
    edgeMid = new Map([...geo].map(([id, g]) => [id, g.mid]));
    nodeEls = new Map();
    edgeEls = new Map();
    labelEls = new Map();
    labelTileOf = new Map();
    large.syncTiles(planTiles(items, edgeItems, geo, bounds)).each(function fill(t) {
      const tile = d3.select(this);
      if (t.kind === 'nodes') {
        // A kept tile's nodes are the same ids drawn the same way (its key says so): only their data changes.
        tile.selectAll('g.node').data(t.ids.map((id) => items.get(id)), (d) => d.id)
          .join((enter) => enterNode(enter).each(drawBox))
          .each(function keep(d) { nodeEls.set(d.id, this); });
      } else if (t.kind === 'edges') {
        tile.selectAll('path.edge').data(t.ids.map((id) => edgeById.get(id)), (e) => e.id)
          .join((enter) => enterEdge(enter, geo))
          .each(function keep(e) { edgeEls.set(e.id, this); });
      } else {
        for (const id of t.ids) labelTileOf.set(id, this);
        // Labels shown before stay; applyLargeLabels adds, drops and rewrites them for the new state.
        tile.selectAll('g.edge-label').datum((e) => edgeById.get(e.id))
          .each(function keep(e) { labelEls.set(e.id, this); });
      }
    });
  }

  function appendLabel(enter) {
    // On big graphs placed without a transform, for the same reason as their nodes.
    const g = enter.append('g').attr('class', 'edge-label').attr('data-edge-id', (e) => e.id)
      .attr('transform', (e) => (isLarge ? null : `translate(${edgeMid.get(e.id)})`));
    const text = g.append('text').attr('y', (e) => (isLarge ? edgeMid.get(e.id)[1] : null));
    text.append('tspan').attr('class', 'downstream').attr('x', (e) => (isLarge ? edgeMid.get(e.id)[0] : 0)).attr('dy', '-0.2em');
    text.append('tspan').attr('class', 'local').attr('x', (e) => (isLarge ? edgeMid.get(e.id)[0] : 0)).attr('dy', '1.15em');
    g.each(labelText);
    return g;
  }

  /** Big graphs: only the labels whose edge changed are added or removed, each in its own tile. */
  function applyLargeLabels(full) {
    const ids = full ? new Set([...labelEls.keys(), ...state.edges]) : changed([shown.edges, state.edges]);
    for (const id of ids) {
      const el = labelEls.get(id);
      if (!state.edges.has(id)) {
        el?.remove();
        labelEls.delete(id);
      } else if (!el && labelTileOf.has(id)) {
        labelEls.set(id, appendLabel(d3.select(labelTileOf.get(id)).selectAll(null).data([edgeById.get(id)]).enter()).node());
      } else if (el && full) {
        d3.select(el).each(labelText);
      }
    }
    const active = full ? labelEls.keys() : changed([shown.active, state.active]);
    for (const id of active) labelEls.get(id)?.classList.toggle('is-active', state.active.has(id));
  }

  /** Show exactly what `state` reveals. Only the nodes and edges whose state changed since the last
   *  call are touched (one step changes a handful), so playback stays smooth on 2,000-node graphs;
   *  `full` refreshes everything (after drawing, or a language change). */
  function applyState(full = false) {
    if (!response) return;
    const t = ctx.t;
    const current = typeof state.current === 'string' ? state.current : state.current?.node?.id ?? null;
    const phase = typeof state.current === 'object' ? state.current?.phase : null;
    if (phase !== shown.phase) { // a class change on the root restyles the whole graph: only when it changes
      for (const root of [svg, d3.select(large.stage)]) root.classed('phase-forward', phase === 'forward').classed('phase-backward', phase === 'backward');
    }

    const nodeIds = full ? nodeEls.keys() : changed(
      [shown.values, state.values], [shown.grads, state.grads], [shown.current, current], [shown.highlighted, highlighted]);
    for (const id of nodeIds) {
      const el = nodeEls.get(id);
      if (el) updateNode(d3.select(el), current, t);
    }
    const edgeIds = full ? edgeEls.keys() : changed([shown.edges, state.edges], [shown.active, state.active]);
    for (const id of edgeIds) {
      const el = edgeEls.get(id);
      if (!el) continue;
      const active = state.active.has(id);
      const grad = state.edges.has(id);
      d3.select(el).classed('is-active', active).classed('is-grad', grad);
      // Only when it differs: Chromium re-resolves an SVG marker on every write of marker-end, even
      // of the same url (~0.06 ms each: 200 ms for a recompute's refresh of 3,300 edges).
      const marker = markerUrl(active ? 'active' : grad ? 'grad' : 'plain');
      if (el.getAttribute('marker-end') !== marker) el.setAttribute('marker-end', marker);
    }
    // Labels exist only for edges whose gradients are shown: thousands of empty labels cost real time.
    if (isLarge) applyLargeLabels(full);
    else applyLabels(full);
    shown = { values: new Set(state.values), grads: new Set(state.grads), edges: new Set(state.edges),
      active: new Set(state.active), current, highlighted, phase };
  }

  function applyLabels(full) {
    const labels = labelLayer.selectAll('g.edge-label').data(edgeItems.filter((e) => state.edges.has(e.id)), (e) => e.id).join(
      appendLabel,
      (update) => update,
      (exit) => exit.remove(),
    );
    if (full) labels.each(labelText);
    labels.filter((e) => state.active.has(e.id) || shown.active.has(e.id)).classed('is-active', (e) => state.active.has(e.id));
  }

  function labelText(e) {
    const input = byId.get(e.target).inputs[e.index];
    const g = d3.select(this);
    setText(g.select('.downstream'), `${ctx.t('explorer.edge.downstream')} ${fmtEdge(input.downstream)}`);
    setText(g.select('.local'), `${ctx.t('explorer.edge.local')} ${fmtEdge(input.local)}`);
    // A tensor's label gives its shape only (its numbers would be wider than the gap between
    // columns and cover the nodes); the numbers are in a tooltip, the heat maps and the step panel.
    const tensor = isTensor(input.downstream) || isTensor(input.local);
    g.selectAll('title').data(tensor ? [input] : []).join('title')
      .text((i) => `${ctx.t('explorer.edge.downstream')} ${fmtShown(i.downstream)}\n${ctx.t('explorer.edge.local')} ${fmtShown(i.local)}`);
  }

  const fmtEdge = (v) => (isTensor(v) ? `[${shapeOf(v).join('×')}]` : fmtShown(v));

  function updateNode(g, current, t) {
    const d = g.datum();
    const node = byId.get(d.id);
    const value = state.values.has(d.id) ? node.value : null;
    const reached = state.grads.has(d.id); // the backward pass has reached this node
    // A constant's gradient is not shown (setRevealed says why); its hook keeps the engine's number.
    const grad = reached && node.kind !== 'constant' ? node.grad : null;
    g.classed('is-current', d.id === current).classed('is-highlight', d.id === highlighted);
    g.attr('data-value', value === null ? '' : hookValue(value))
      .attr('data-grad', reached ? hookValue(node.grad) : '')
      .classed('has-value', value !== null).classed('has-grad', grad !== null);
    g.attr('aria-label', [d.title, value !== null && `${t('explorer.node.value')} ${fmtShown(value)}`,
      grad !== null && `${t('explorer.node.grad')} ${fmtShown(grad)}`].filter(Boolean).join(', '));
    // One text per row (no tspans): fewer elements keep a 2,000-node graph quick to draw.
    setText(g.select('text.node-value'), value === null ? '' : `${t('explorer.node.value')}${d.tensor ? '' : ` ${fmt(value)}`}`);
    setText(g.select('text.node-grad'), grad === null ? '' : `${t('explorer.node.grad')}${d.tensor ? '' : ` ${fmt(grad)}`}`);
    if (d.tensor) {
      drawHeat(g.select('g.heat-value'), node.value, value !== null, 'value');
      drawHeat(g.select('g.heat-grad'), node.grad, grad !== null, 'grad');
    }
  }

  const fmtShown = (v) => (v === null || v === undefined ? '—' : fmtAny(v));

  function drawHeat(g, tensor, shown, kind) {
    const { cells, cell } = heatCells(tensor ?? []);
    const values = cells.map((c) => c.v).filter(Number.isFinite);
    const m = Math.max(1e-12, ...values.map(Math.abs));
    const color = d3.scaleDiverging(d3.interpolatePuOr).domain([m, 0, -m]);
    g.attr('aria-hidden', 'true').selectAll('rect').data(cells, (c) => c.i).join('rect')
      .attr('x', (c) => c.col * cell).attr('y', (c) => c.row * cell)
      .attr('width', cell - 1).attr('height', cell - 1)
      .attr('class', `heat-cell heat-${kind}`)
      // Through the CSSOM (allowed by the CSP), so it wins over the stylesheet's "not yet shown" grey.
      .style('fill', (c) => (shown && Number.isFinite(c.v) ? color(c.v) : null))
      .selectAll('title').data((c) => [c]).join('title').text((c) => (shown ? fmt(c.v) : ''));
  }

  function setRevealed(next) {
    state = { values: new Set(), grads: new Set(), edges: new Set(), current: null, active: new Set(), ...next };
    // A constant (the 2 in 2b) is not learned: like figure 6.17, no gradient flows to it, so its edges
    // get no gradient label or colour (the engine's numbers stay in the response and the data hooks).
    const backward = typeof state.current === 'object' && state.current?.phase === 'backward';
    const toConstant = (id) => byId.get(edgeById.get(id)?.source)?.kind === 'constant';
    if ([...state.edges].some(toConstant)) state.edges = new Set([...state.edges].filter((id) => !toConstant(id)));
    if (backward && [...state.active].some(toConstant)) state.active = new Set([...state.active].filter((id) => !toConstant(id)));
    applyState();
  }

  function highlight(id) {
    highlighted = id;
    applyState();
  }

  // Projector mode asks for node text of at least this many screen px (static/js/present/projector.js).
  let minTextPx = 0;
  const NODE_TEXT_PX = 13; // the smallest node text (.node text in app.css)

  /** Scale and centre the whole graph in the visible area (never enlarged past 1.6×, unless a minimum
   *  text size asks for more). */
  function fit() {
    // The size comes from the ResizeObserver: reading it from the DOM would force a synchronous
    // layout of every node just drawn (seconds on a 2,000-node graph).
    if (!size.width) size = { width: container.clientWidth, height: container.clientHeight };
    const width = size.width || 800;
    const height = size.height || 500;
    // Nothing drawn (an empty graph, or one too big to draw): dagre reports an empty graph's size
    // as -Infinity, and a transform computed from it is NaN, which every later zoom would inherit.
    if (!items.size || !(bounds.width > 0) || !Number.isFinite(bounds.width) || !Number.isFinite(bounds.height)) return;
    const pad = 24;
    const k = Math.max(minTextPx / NODE_TEXT_PX, Math.min(1.6, (width - 2 * pad) / bounds.width, (height - 2 * pad) / (bounds.height || 1)));
    const tx = (width - bounds.width * k) / 2;
    const ty = (height - bounds.height * k) / 2;
    const transform = d3.zoomIdentity.translate(tx, ty).scale(k);
    (animate() ? svg.transition().duration(DURATION) : zoomTarget()).call(zoom.transform, transform);
  }

  const zoomBy = (factor) => {
    if (!items.size) return; // nothing to zoom: keeps the stored transform finite for the next graph
    (animate() ? svg.transition().duration(200) : zoomTarget()).call(zoom.scaleBy, factor);
  };

  function refreshLanguage() {
    labelSvg();
    applyState(true);
  }

  return {
    /** The drawing as one <svg>: the live one, or for a big graph one composed from its tiles. */
    get svg() {
      if (!isLarge) return svg.node();
      return large.composeSvg(d3.zoomTransform(large.stage), `graph is-large ${large.stage.classList.contains('phase-forward') ? 'phase-forward' : ''} ${large.stage.classList.contains('phase-backward') ? 'phase-backward' : ''}`.trim());
    },
    render, setRevealed, highlight, fit, zoomBy, refreshLanguage,
    /** Fit never draws node text smaller than `px` screen pixels (0: no minimum); refits now. */
    setMinTextPx(px) { minTextPx = px; fit(); },
    get engine() { return engine; },
  };
}
