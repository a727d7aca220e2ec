// The computation graph: one renderer for every graph size, in three stages —
//   layout → scene (static/js/graph/scene.js: node boxes sized by their contents, edge paths, edge
//   labels placed where they overlap nothing) → draw (here: D3 keyed joins, enter/update/exit).
// Stepping, highlighting and recomputing (setRevealed, highlight, render of new numbers) exist once;
// only where the elements live differs: one <svg>, or above ANIMATION_NODE_LIMIT nodes many small SVG
// tiles (graphview_large.js says why) — the "surface".
//   const view = createGraphView(container, ctx, { onNodeClick, contentFor });
//   view.render(response);                       // draw (nodes by id, edges by id)
//   view.setRevealed({ values, grads, edges, current, active });   // Sets of node / edge ids
//   view.highlight(nodeId); view.fit(); view.fitAsked(); view.zoomBy(f); view.svg  // the <svg> element (for export)
// What a node shows inside its box comes from static/js/graph/content.js (contentFor(node)): pass
// another `contentFor` to draw other contents (docs/graph.md says how).
// Each node is a <g data-node-id data-value data-grad>: the hooks hold the numbers shown now and are
// empty while hidden. Values are blue, gradients vermillion, parameters teal (app.css).
import { createLargeStage, planTiles } from './graphview_large.js';
import { edgesOf } from './timeline.js';
import { caption, displayName, isMixingLocal, localRule } from './narrate.js';
import { flatten, fmt, fmtAny, hookValue, isTensor, shapeOf } from '../format.js';
import strings from '../i18n/explorer.js';
import { registerStrings } from '../i18n.js';
import graphStrings from '../i18n/graph.js';
import { buildScene, labelLines, labelSize } from '../graph/scene.js';
import { contentFor as defaultContentFor, fitTitle, MAX_TITLE_WIDTH, PAD_X, SMALLEST_NODE_PX, WIDEST_NUMBER } from '../graph/content.js';
import { LIBRARY_NODE_LIMIT } from './layout.js';
import { createTextWidth } from '../graph/textwidth.js';
import { clampToGraph, fitFloor, fitHeight, fitTransform, followTransform, refitNeeded, showsWhole } from '../graph/camera.js';
import { createMinimap } from '../graph/minimap.js';
import { createTooltip } from '../graph/tooltip.js';
import * as d3 from '../d3.js';

export const ANIMATION_NODE_LIMIT = 300; // above this, transitions cost more than they explain
const DURATION = 400;
const REF_PX = 13; // .node-ref text (graph.css)
const REF_HEIGHT = 28;
const LANGS = Object.keys(strings); // every language a node or label must have room for
let viewCount = 0;
registerStrings(graphStrings);
// The node and edge words (explorer.node.*, explorer.edge.*, narrate's captions) come with the
// renderer: practice and the worksheet draw graphs without loading the explorer view.
registerStrings(strings);

// A text written again, even unchanged, is laid out again: a recompute refreshes every node of a
// 2,000-node graph, and only the numbers that differ should cost a relayout (measured there:
// Chromium's layout 470 → 90 ms).
function setText(sel, text) {
  const el = sel.node();
  if (el && el.textContent !== text) el.textContent = text;
}

const reducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
const isPhone = () => globalThis.matchMedia?.('(max-width: 600px)').matches; // graph.css's phone rule
const word = (key) => LANGS.map((lang) => strings[lang][key] ?? strings.en[key]);

function titleOf(node, byId) {
  const text = caption(node, byId);
  return text ? `${displayName(node)} = ${text}` : displayName(node);
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

// `still`: never animate (a view drawn off screen and copied at once, like the worksheet's, would
// otherwise be copied mid-transition: nodes entering at opacity 0, moved nodes half-way).
export function createGraphView(container, ctx, { onNodeClick, contentFor = defaultContentFor, still = false } = {}) {
  const uid = ++viewCount;
  // Measured in the page's font (app.css --font), read when the first graph is drawn.
  const textWidth = createTextWidth(() => getComputedStyle(container).fontFamily || 'system-ui, sans-serif');
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
  const refLayer = viewport.append('g').attr('class', 'node-refs');
  const nodeLayer = viewport.append('g').attr('class', 'nodes');
  const labelLayer = viewport.append('g').attr('class', 'edge-labels');
  const tooltip = createTooltip(container);
  const minimap = createMinimap(container, {
    label: () => ctx.t('graph.minimap'),
    onMove: ([x, y]) => { moved = true; moveTo(d3.zoomIdentity.translate(size.width / 2 - x * currentK(), size.height / 2 - y * currentK()).scale(currentK()), false); },
  });
  // What the last "Fit to screen" did, when it could not show the whole graph (a status: read aloud).
  const fitNote = d3.select(container).append('p').attr('class', 'graph-fit-note').attr('role', 'status').attr('hidden', true);
  let noteKey = null; // its string's key, null while hidden
  let size = { width: 0, height: 0 }; // of the drawing: the graph area less `band`
  // A graph fitted in part (larger than the screen at readable text) is drawn above a band at the
  // bottom of its area that holds the mini-map and the fit note: laid over the drawing, they covered
  // the nodes beside them. px; 0 while the whole graph is in view.
  let band = 0;
  const BAND_MARGIN = 8; // px around the map and the note (their CSS offsets)
  new ResizeObserver(([entry]) => {
    const before = size;
    size = { width: entry.contentRect.width, height: entry.contentRect.height };
    // A view that shrank under a graph it showed whole (a scroll bar, a turned phone): fit it again.
    if (before.width && drawable() && refitNeeded(camera(), { bounds: scene.bounds, view: before }, { bounds: scene.bounds, view: size }, moved)) fit();
    else updateMinimap();
  }).observe(container);
  // An explicit extent: d3-zoom's default reads the SVG's width.baseVal, which forces a layout.
  // One behaviour on both surfaces: a big graph's pan/zoom is a CSS transform of its HTML layer.
  const zoom = d3.zoom().extent(() => [[0, 0], [size.width || 800, size.height || 500]]).scaleExtent([0.02, 4])
    .on('zoom', function onZoom(e) {
      if (this === large.stage) large.setTransform(e.transform);
      else viewport.attr('transform', e.transform);
      if (e.sourceEvent) { cancelFollow(); moved = true; aim = e.transform; } // by hand: a follow still waiting must not pan it back
      if (e.sourceEvent && noteKey) { noteKey = null; fitNote.attr('hidden', true); } // moved by hand: stale
      updateMinimap();
    });
  svg.call(zoom).on('dblclick.zoom', null);
  d3.select(large.stage).call(zoom).on('dblclick.zoom', null);
  const zoomTarget = () => (isLarge ? d3.select(large.stage) : svg);
  const currentK = () => d3.zoomTransform(zoomTarget().node()).k;
  // The camera's destination: the transform last asked for (a smooth move is still on its way there).
  let aim = null;
  const camera = () => aim ?? d3.zoomTransform(zoomTarget().node());
  // The reader zoomed or panned on purpose (drag, wheel, pinch, the zoom buttons, the mini-map) since
  // the last fit: an edit that keeps the graph's nodes, or a step, keeps their camera.
  let moved = false;

  let response = null;
  let byId = new Map();
  let scene = { items: new Map(), edges: new Map(), bounds: { width: 0, height: 0 } };
  let items = new Map(); // id → node of the scene: {id, node, content, title, x, y, width, height}
  let edgeItems = []; // [{id, source, target, index}] in the response's order
  let nodeEls = new Map(); // node id → its <g>
  let edgeEls = new Map(); // edge id → its <path>
  let labelEls = new Map(); // big graphs: edge id → its shown label <g>
  let labelTileOf = new Map(); // big graphs: edge id → the tile its label goes in
  const emptyShown = () => ({ values: new Set(), grads: new Set(), edges: new Set(), active: new Set(), current: null, highlighted: null, phase: undefined });
  let shown = emptyShown(); // what the DOM shows now
  let state = { values: new Set(), grads: new Set(), edges: new Set(), current: null, active: new Set() };
  let highlighted = null;
  let fitPending = false; // render drew a new graph: the next setRevealed fits it on its step

  const animate = () => !still && !reducedMotion() && items.size <= ANIMATION_NODE_LIMIT;
  const maybe = (sel) => (animate() ? sel.transition().duration(DURATION) : sel);
  const markerUrl = (kind) => `url(#arrow-${kind}-${uid}${isLarge ? '-large' : ''})`;
  const env = () => ({ t: ctx.t, fmt, textWidth, words: { value: word('explorer.node.value'), grad: word('explorer.node.grad') } });

  function labelSvg() {
    const label = ctx.t('explorer.graph.label', { count: items.size });
    svg.attr('aria-label', label);
    large.stage.setAttribute('aria-label', label);
    minimap.relabel();
  }

  /** An edge's numbers: the engine's local and downstream gradients of that input. */
  const edgeNumbers = (e) => byId.get(e.target).inputs[e.index];
  const fmtShown = (v) => (v === null || v === undefined ? '—' : fmtAny(v));
  // A tensor on an edge by its shape (its numbers would be wider than the gap between columns; they are
  // in the tooltip, the node and the step panel), unless it holds one number: then that number, without
  // brackets, which on an edge always mean a shape ([2], [2×3]).
  const fmtEdge = (v) => {
    if (!isTensor(v)) return fmtShown(v);
    const entries = flatten(v);
    return entries.length === 1 ? fmtShown(entries[0]) : `[${shapeOf(v).join('×')}]`;
  };
  // A mixing op's local is a Jacobian: its label writes the op table's rule (∂(W x)/∂W = xᵀ) instead,
  // found once per graph (sceneOf keeps it on the edge as `rule`); the numbers change at every step.
  const localText = (e, numbers) => e.rule || fmtEdge(numbers.local);
  const labelWords = () => LANGS.map((lang) => ({ downstream: strings[lang]['explorer.edge.downstream'], local: strings[lang]['explorer.edge.local'] }));

  // --- layout → scene ---------------------------------------------------------------------------
  function sceneOf(resp) {
    // Big graphs are sized for any number (WIDEST_NUMBER), not the ones they show: another value
    // typed then keeps every box, so the layout and the tiles stay (a recompute rewrites numbers
    // only). Small graphs fit their numbers; their layout is quick to redo.
    const stable = resp.nodes.length > LIBRARY_NODE_LIMIT;
    const e = { ...env(), sizeFmt: stable ? () => WIDEST_NUMBER : fmt };
    const sizeEdge = stable ? () => WIDEST_NUMBER : fmtEdge;
    const nodes = resp.nodes.map((node) => {
      const content = contentFor(node);
      const base = titleOf(node, byId);
      const title = fitTitle(content.title ? content.title(base, node) : base, MAX_TITLE_WIDTH, textWidth);
      const sized = content.size(node, { ...e, title });
      return { ...sized, id: node.id, node, content, title, fullTitle: base, named: node.kind === 'operation' && !node.id.startsWith('_') };
    });
    const words = labelWords();
    // Constants get no gradient label (setRevealed says why), so they need no room for one.
    const edges = edgesOf(resp).map((edge) => {
      const numbers = edgeNumbers(edge);
      const toConstant = byId.get(edge.source)?.kind === 'constant';
      const mixing = isMixingLocal(numbers);
      const item = { ...edge, slot: edge.index, rule: mixing ? localRule(byId.get(edge.target), edge.index) : null };
      const lines = labelLines({ downstream: sizeEdge(numbers.downstream), local: mixing ? localText(item, numbers) : sizeEdge(numbers.local) }, words);
      return { ...item, label: toConstant ? null : labelSize(lines, textWidth) };
    });
    edgeItems = edges;
    const refSize = (n) => ({ width: Math.ceil(Math.max(40, textWidth(displayName(n.node), REF_PX, true) + 2 * PAD_X)), height: REF_HEIGHT });
    return buildScene(nodes, edges, { refSize });
  }

  /** Draw a response. Same node ids keep their elements (values and positions transition). */
  function render(resp) {
    const sameShape = response && resp.nodes.length === response.nodes.length && resp.nodes.every((n) => items.has(n.id));
    const before = { bounds: scene.bounds, view: viewSize() };
    response = resp;
    byId = new Map(resp.nodes.map((n) => [n.id, n]));
    scene = sceneOf(resp);
    items = scene.items;
    setLarge(items.size > ANIMATION_NODE_LIMIT);
    labelSvg();
    tooltip.hide();
    if (isLarge) drawLarge();
    else {
      drawNodes([...items.values()]);
      drawEdges();
    }
    applyState(true);
    minimap.setScene(scene);
    // A new graph is fitted now and again at its first reveal (the step a link opens is known only
    // then: the readable view centres on it).
    fitPending = !sameShape;
    // The same nodes (a value edited, a longer title typed): the camera stays, unless the graph it
    // showed whole has grown past the view (camera.js refitNeeded).
    if (!sameShape || refitNeeded(camera(), before, { bounds: scene.bounds, view: viewSize() }, moved)) fit();
    else updateMinimap();
  }

  /** Switch between the one-SVG drawing and the tiled one; the other is emptied so every node id is
   *  in the page once. */
  function setLarge(on) {
    if (on === isLarge) return;
    isLarge = on;
    if (on) {
      svg.selectAll('.viewport > g > *').interrupt().remove(); // (big graphs have no references: scene.js)
      shown = emptyShown();
    }
    svg.style('display', on ? 'none' : null);
    large.show(on);
  }

  // --- draw -------------------------------------------------------------------------------------
  function nodeTooltip(id) {
    const node = byId.get(id);
    const m = items.get(id);
    if (!node || !m) return [];
    const lines = [m.fullTitle];
    if (state.values.has(id)) lines.push(`${ctx.t('explorer.node.value')} ${hookValue(node.value)}`);
    if (state.grads.has(id) && node.kind !== 'constant') lines.push(`${ctx.t('explorer.node.grad')} ${hookValue(node.grad)}`);
    return lines;
  }

  function edgeTooltip(e) {
    const numbers = edgeNumbers(e);
    return [`${displayName(byId.get(e.source))} → ${displayName(byId.get(e.target))}`,
      `${ctx.t('explorer.edge.downstream')} ${numbers.downstream === null ? '—' : hookValue(numbers.downstream)}`,
      `${ctx.t('explorer.edge.local')} ${isMixingLocal(numbers) ? localText(e, numbers) : numbers.local === null ? '—' : hookValue(numbers.local)}`];
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
    g.each(function content(d) {
      d.content.enter(d3.select(this));
      this.contentOf = d.content;
      const el = this;
      tooltip.attach(el, () => nodeTooltip(el.dataset.nodeId));
    });
    return g;
  }

  const enterEdge = (enter) => enter.append('path').attr('class', 'edge').attr('data-edge-id', (e) => e.id)
    .attr('data-source', (e) => e.source).attr('data-target', (e) => e.target)
    .attr('d', (e) => scene.edges.get(e.id).d).attr('marker-end', markerUrl('plain'));

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
    drawRefs();
    nodeEls = new Map();
    nodeLayer.selectAll('g.node').filter((d) => items.get(d.id) === d).each(function keep(d) { nodeEls.set(d.id, this); });
  }

  /** References to a leaf used by many statements of a long program (scene.js withReferences). */
  function drawRefs() {
    refLayer.selectAll('g.node-ref').data([...(scene.refs ?? new Map()).values()], (r) => r.id).join(
      (enter) => {
        const g = enter.append('g').attr('class', 'node-ref').attr('aria-hidden', 'true');
        g.append('rect').attr('rx', 6);
        g.append('text');
        g.each(function attach(r) { tooltip.attach(this, () => nodeTooltip(r.of)); });
        return g;
      },
      (update) => update,
      (exit) => exit.remove(),
    ).attr('data-ref-of', (r) => r.of).attr('transform', (r) => `translate(${r.x},${r.y})`)
      .attr('class', (r) => `node-ref kind-${byId.get(r.of).kind}`)
      .call((g) => g.select('rect').attr('x', (r) => -r.width / 2).attr('y', (r) => -r.height / 2).attr('width', (r) => r.width).attr('height', (r) => r.height))
      .call((g) => g.select('text').attr('y', 5).text((r) => displayName(byId.get(r.of))));
  }

  function drawBox(d) {
    const g = d3.select(this);
    // A node whose content changed kind (a scalar became a tensor) gets its content's elements anew.
    if (this.contentOf !== d.content) {
      g.selectAll(':scope > :not(rect.node-box)').remove();
      d.content.enter(g);
      this.contentOf = d.content;
    }
    const [ox, oy] = isLarge ? [d.x, d.y] : [0, 0]; // the node's origin: a big graph's <g> is not translated
    g.select('rect.node-box').attr('x', ox - d.width / 2).attr('y', oy - d.height / 2).attr('width', d.width).attr('height', d.height);
    d.content.place(g, d, [ox, oy]);
  }

  function drawEdges() {
    edgeEls = new Map();
    edgeLayer.selectAll('path.edge').data(edgeItems, (e) => e.id).join(
      enterEdge,
      (update) => { maybe(update).attr('d', (e) => scene.edges.get(e.id).d); return update; },
      (exit) => exit.remove(),
    ).attr('data-label', (e) => scene.edges.get(e.id).label?.mode ?? 'none')
      .each(function keep(e) { edgeEls.set(e.id, this); });
    labelLayer.selectAll('g.edge-label').remove(); // placed anew by applyLabels: a label's mode may have changed
  }

  /** A big graph: its tiles updated by key (graphview_large.js planTiles/syncTiles): a tile drawing
   *  the same ids at the same places is kept with its elements, so a recompute only rebinds data and
   *  applyState writes the new numbers in place; inside each tile nodes and edges are joined by id,
   *  drawn with the same enter as the one-SVG drawing. Labels are added as edges are revealed. */
  function drawLarge() {
    nodeEls = new Map();
    edgeEls = new Map();
    labelEls = new Map();
    labelTileOf = new Map();
    const edgeById = new Map(edgeItems.map((e) => [e.id, e]));
    large.syncTiles(planTiles(items, edgeItems, scene.edges, scene.bounds)).each(function fill(t) {
      const tile = d3.select(this);
      if (t.kind === 'nodes') {
        // A kept tile's nodes are the same ids drawn the same way (its key says so): only their data changes.
        tile.selectAll('g.node').data(t.ids.map((id) => items.get(id)), (d) => d.id)
          .join((enter) => enterNode(enter).each(drawBox))
          .each(function keep(d) { this.contentOf = d.content; nodeEls.set(d.id, this); });
      } else if (t.kind === 'edges') {
        tile.selectAll('path.edge').data(t.ids.map((id) => edgeById.get(id)), (e) => e.id)
          .join(enterEdge)
          .attr('data-label', (e) => scene.edges.get(e.id).label?.mode ?? 'none')
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
    const place = (e) => scene.edges.get(e.id).label;
    const g = enter.append('g').attr('class', 'edge-label').attr('data-edge-id', (e) => e.id)
      .attr('data-mode', (e) => place(e).mode)
      .attr('transform', (e) => (isLarge ? null : `translate(${place(e).x},${place(e).y})`));
    const origin = (e) => (isLarge ? [place(e).x, place(e).y] : [0, 0]);
    // A white card the size of the label's box: the edge it sits on does not show between its lines.
    g.append('rect').attr('class', 'edge-label-card').attr('rx', 3)
      .attr('x', (e) => origin(e)[0] - place(e).width / 2).attr('y', (e) => origin(e)[1] - place(e).height / 2)
      .attr('width', (e) => place(e).width).attr('height', (e) => place(e).height);
    // Baselines centre the text in its box: two lines at −2 and +12, one line at +4 (11.5 px font).
    const text = g.append('text').attr('y', (e) => origin(e)[1] + (place(e).mode === 'full' ? -2 : 4));
    text.append('tspan').attr('class', 'downstream').attr('x', (e) => origin(e)[0]);
    text.filter((e) => place(e).mode === 'full').append('tspan').attr('class', 'local').attr('x', (e) => origin(e)[0]).attr('dy', 14);
    g.each(function attach(e) { tooltip.attach(this, () => edgeTooltip(e)); });
    g.each(labelText);
    return g;
  }

  /** The edges whose labels are drawn now: revealed, and with room in the graph. */
  const labelled = (id) => state.edges.has(id) && (scene.edges.get(id)?.label?.mode ?? 'panel') !== 'panel';

  /** Big graphs: only the labels whose edge changed are added or removed, each in its own tile. */
  function applyLargeLabels(full) {
    const edgeById = new Map(edgeItems.map((e) => [e.id, e]));
    const ids = full ? new Set([...labelEls.keys(), ...state.edges]) : changed([shown.edges, state.edges]);
    for (const id of ids) {
      const el = labelEls.get(id);
      if (!labelled(id)) {
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

  function applyLabels(full) {
    const labels = labelLayer.selectAll('g.edge-label').data(edgeItems.filter((e) => labelled(e.id)), (e) => e.id).join(
      appendLabel,
      (update) => update,
      (exit) => exit.remove(),
    );
    if (full) labels.each(labelText);
    labels.filter((e) => state.active.has(e.id) || shown.active.has(e.id)).classed('is-active', (e) => state.active.has(e.id));
  }

  function labelText(e) {
    const numbers = edgeNumbers(e);
    const g = d3.select(this);
    setText(g.select('.downstream'), `${ctx.t('explorer.edge.downstream')} ${fmtEdge(numbers.downstream)}`);
    setText(g.select('.local'), `${ctx.t('explorer.edge.local')} ${localText(e, numbers)}`);
  }

  // --- step state (one logic for every surface) -------------------------------------------------
  /** Show exactly what `state` reveals. Only the nodes and edges whose state changed since the last
   *  call are touched (one step changes a handful), so playback stays smooth on 2,000-node graphs;
   *  `full` refreshes everything (after drawing, or a language change). */
  function applyState(full = false) {
    if (!response) return;
    const current = currentId();
    const phase = typeof state.current === 'object' ? state.current?.phase : null;
    if (phase !== shown.phase) { // a class change on the root restyles the whole graph: only when it changes
      for (const root of [svg, d3.select(large.stage)]) root.classed('phase-forward', phase === 'forward').classed('phase-backward', phase === 'backward');
    }

    const nodeIds = full ? nodeEls.keys() : changed(
      [shown.values, state.values], [shown.grads, state.grads], [shown.current, current], [shown.highlighted, highlighted]);
    const e = env();
    for (const id of nodeIds) {
      const el = nodeEls.get(id);
      if (el) updateNode(d3.select(el), current, e);
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
    if (current !== shown.current) minimap.setCurrent(current);
    shown = { values: new Set(state.values), grads: new Set(state.grads), edges: new Set(state.edges),
      active: new Set(state.active), current, highlighted, phase };
  }

  // The current step names its node (a linked answer's node object: static/js/answer.js); practice
  // passes an id.
  const nodeIdOf = (node) => (typeof node === 'string' ? node : node?.id ?? null);
  const currentId = () => (typeof state.current === 'string' ? state.current : nodeIdOf(state.current?.node));

  function updateNode(g, current, e) {
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
    g.attr('aria-label', [d.fullTitle, value !== null && `${ctx.t('explorer.node.value')} ${fmtShown(value)}`,
      grad !== null && `${ctx.t('explorer.node.grad')} ${fmtShown(grad)}`].filter(Boolean).join(', '));
    d.content.update(g, d, { value, grad }, e);
  }

  function setRevealed(next) {
    state = { values: new Set(), grads: new Set(), edges: new Set(), current: null, active: new Set(), ...next };
    // A constant (the 2 in 2b) is not learned: like figure 6.17, no gradient flows to it, so its edges
    // get no gradient label or colour (the engine's numbers stay in the response and the data hooks).
    const backward = typeof state.current === 'object' && state.current?.phase === 'backward';
    const edgeById = new Map(edgeItems.map((e) => [e.id, e]));
    const toConstant = (id) => byId.get(edgeById.get(id)?.source)?.kind === 'constant';
    if ([...state.edges].some(toConstant)) state.edges = new Set([...state.edges].filter((id) => !toConstant(id)));
    if (backward && [...state.active].some(toConstant)) state.active = new Set([...state.active].filter((id) => !toConstant(id)));
    const moved = currentId() !== shown.current;
    applyState();
    if (fitPending) {
      fitPending = false;
      fit();
    } else if (moved) followSoon();
  }

  function highlight(id) {
    highlighted = id;
    applyState();
  }

  // --- camera -----------------------------------------------------------------------------------
  // Fit never shows node text below 11 px (camera.js fitFloor says why node text, not edge labels).
  // Projector mode asks for node text of at least minTextPx screen px (static/js/present/projector.js).
  let minTextPx = 0;
  const nodeTextPx = () => {
    let px = Infinity;
    for (const m of items.values()) px = Math.min(px, m.content?.textPx ?? SMALLEST_NODE_PX);
    return Number.isFinite(px) ? px : SMALLEST_NODE_PX;
  };
  const minScale = () => fitFloor(nodeTextPx(), minTextPx);

  function viewSize() {
    // The size comes from the ResizeObserver: reading it from the DOM would force a synchronous
    // layout of every node just drawn (seconds on a 2,000-node graph).
    if (!size.width) size = { width: container.clientWidth, height: container.clientHeight };
    return { width: size.width || 800, height: size.height || 500 };
  }

  const drawable = () => items.size && scene.bounds.width > 0 && Number.isFinite(scene.bounds.width) && Number.isFinite(scene.bounds.height);

  /** The place to look at when the whole graph does not fit: the current step's node; before the first
   *  step, where stepping starts when a graph opens, and the graph's centre (null) when the reader asks
   *  for a fit (the most of the graph a readable view can show). */
  function focusPoint(asked) {
    if (asked && !currentId()) return null;
    const id = currentId() ?? nodeIdOf(response?.steps?.[0]?.node) ?? items.keys().next().value;
    const m = items.get(id);
    return m ? [m.x, m.y] : null;
  }

  // Playback faster than a pan's transition would chain transitions (a repaint every frame): moves
  // closer together than DURATION are made at once.
  let lastMove = -Infinity;
  function moveTo(t, smooth) {
    aim = t;
    const target = zoomTarget();
    const now = performance.now();
    if (smooth && animate() && now - lastMove > DURATION) target.transition().duration(DURATION).call(zoom.transform, t);
    else target.interrupt().call(zoom.transform, t);
    lastMove = now;
  }

  /** The whole graph in view if its node text stays readable (≥ 11 px), else a readable zoom centred
   *  on the current step; the mini-map then shows where that is. `asked`: the reader pressed "Fit to
   *  screen", who is told what it did (the note) when the whole graph could not be shown.
   *  @returns {whole: boolean} | null (nothing drawn) */
  function fit({ asked = false } = {}) {
    if (!drawable()) return null;
    const options = { minScale: minScale(), focus: focusPoint(asked) };
    const room = areaSize();
    moved = false;
    let t = fitTransform(scene.bounds, room, options);
    noteKey = asked && !t.whole ? (currentId() ? 'graph.fitPart' : 'graph.fitMiddle') : null;
    fitNote.attr('hidden', noteKey ? null : true).text(noteKey ? ctx.t(noteKey) : '');
    setBand(t.whole ? 0 : overlayBand(room));
    if (!t.whole) t = fitTransform(scene.bounds, viewSize(), options); // in the drawing above the band
    moveTo(d3.zoomIdentity.translate(t.x, t.y).scale(t.k), true);
    return { whole: t.whole };
  }

  /** The graph area's size, band included. */
  const areaSize = () => {
    const view = viewSize();
    return { width: view.width, height: view.height + band };
  };

  /** The band that holds the mini-map (sized by the whole area) and, beside it, the fit note (on a
   *  phone the note is a line along the top instead: app.css). */
  function overlayBand(room) {
    const note = noteKey && !isPhone() ? fitNote.node().offsetHeight : 0;
    return Math.max(minimap.heightFor(room), note) + 2 * BAND_MARGIN;
  }

  /** The drawing shrinks (or grows) by the band at once, without waiting for the ResizeObserver, so a
   *  fit made now sees the drawing's new size. */
  function setBand(px) {
    if (px === band) return;
    const view = viewSize();
    size = { width: view.width, height: view.height + band - px };
    band = px;
    container.style.paddingBottom = px ? `${px}px` : '';
  }

  // Playback at up to 30 steps/s: a pan each step would move the view to a new part of a big graph
  // 30 times a second, each time rasterising what it uncovers (measured on 2,700 nodes: 2.7 instead of
  // 19 frames/s). The view follows at most every FOLLOW_INTERVAL ms, and always to the last step.
  const FOLLOW_INTERVAL = 250;
  let followTimer = null;
  function followSoon() {
    if (followTimer) return;
    const wait = lastMove + FOLLOW_INTERVAL - performance.now();
    if (wait <= 0) { follow(); return; }
    followTimer = setTimeout(() => { followTimer = null; follow(); }, wait);
  }

  function cancelFollow() {
    clearTimeout(followTimer);
    followTimer = null;
  }

  /** Stepping: pan (smoothly, unless reduced motion) so the current node and its edges are in view. */
  function follow() {
    const id = currentId();
    const m = items.get(id);
    if (!m || !drawable()) return;
    const node = [m.x - m.width / 2, m.y - m.height / 2, m.x + m.width / 2, m.y + m.height / 2];
    const wide = [...node];
    for (const eid of state.active) {
      const b = scene.edges.get(eid)?.box;
      if (!b) continue;
      wide[0] = Math.min(wide[0], b[0]); wide[1] = Math.min(wide[1], b[1]);
      wide[2] = Math.max(wide[2], b[2]); wide[3] = Math.max(wide[3], b[3]);
    }
    const now = d3.zoomTransform(zoomTarget().node());
    const next = followTransform(now, [wide, node], viewSize());
    if (!next) return;
    // Never past the graph's edges (a graph that fits stays where it is).
    const t = clampToGraph(next, scene.bounds, viewSize());
    if (Math.abs(t.x - now.x) + Math.abs(t.y - now.y) > 0.5) moveTo(d3.zoomIdentity.translate(t.x, t.y).scale(t.k), true);
  }

  function updateMinimap() {
    if (!drawable()) { minimap.setView({ x: 0, y: 0, k: 1 }, viewSize(), true); return; }
    const t = d3.zoomTransform(zoomTarget().node());
    const view = viewSize();
    minimap.setView(t, view, showsWhole(t, scene.bounds, view), areaSize());
  }

  const zoomBy = (factor) => {
    if (!items.size) return; // nothing to zoom: keeps the stored transform finite for the next graph
    moved = true;
    aim = null; // wherever the zoom ends
    (animate() ? zoomTarget().transition().duration(200) : zoomTarget()).call(zoom.scaleBy, factor);
  };

  function refreshLanguage() {
    labelSvg();
    if (noteKey) fitNote.text(ctx.t(noteKey));
    tooltip.hide();
    applyState(true);
  }

  return {
    /** The drawing as one <svg>: the live one, or for a big graph one composed from its tiles. */
    get svg() {
      if (!isLarge) return svg.node();
      return large.composeSvg(d3.zoomTransform(large.stage), `graph is-large ${large.stage.classList.contains('phase-forward') ? 'phase-forward' : ''} ${large.stage.classList.contains('phase-backward') ? 'phase-backward' : ''}`.trim());
    },
    render, setRevealed, highlight, fit, zoomBy, refreshLanguage,
    /** Fit never draws node text smaller than `px` screen pixels (projector mode; 0: only the usual
     *  11 px minimum); refits now. */
    setMinTextPx(px) { minTextPx = px; fit(); },
    /** "Fit to screen" pressed: fit, and say so when the graph is larger than a readable view. */
    fitAsked: () => fit({ asked: true }),
    /** The height a view `width` px wide needs for the drawn graph as fit shows it (camera.js fitHeight). */
    fitHeight: (width) => fitHeight(scene.bounds, width, { minScale: minScale() }),
    get engine() { return scene.engine; },
    /** The laid-out scene (items, edges with label places, bounds): for tests and other renderers. */
    get scene() { return scene; },
  };
}
