// Places the graph. dagre (vendored, @dagrejs/dagre) lays out graphs up to LIBRARY_NODE_LIMIT nodes
// and places every edge label as a node of its own, so labels overlap neither nodes nor each other;
// above that its crossing minimisation takes seconds in the browser (docs/layout-choice.md has the
// figures), so bigger graphs get the linear layering in layering.js (labels placed by scene.js).
//
// Direction: left to right, as the textbook draws graphs, unless the graph is a long chain (deeper
// than LONG_DEPTH, e.g. a 40-line program): drawn left to right it is a strand of specks on screen, so
// it runs top to bottom instead, one statement under the other in source order.
import dagre from '../../vendor/dagre/3.1.3/dagre.esm.js';
import { layeredLayout } from './layering.js';

export const LIBRARY_NODE_LIMIT = 300;
export const LONG_DEPTH = 16; // figure 6.18 is 8 deep and a 2-3-3-1 network 13: both stay left to right
const RANK_GAP = 84; // without labels: room for an edge's gradient label between columns
const LABEL_RANK_GAP = 36; // with labels: dagre halves it on each side of the label's own rank
const NODE_GAP = 18;
const LABEL_CLEARANCE = 6; // px between a label and the columns beside it
// Parallel edges (x*x, or x + x + … with thousands of uses) beyond this count are laid out as one
// weighted edge without labels (their numbers are in the step panel): dagre's work grew with each
// copy and x + x + … (20,000 terms, 2 nodes) never finished.
export const MAX_PARALLEL_LABELS = 4;

/** Longest path (in edges) of a graph whose nodes come in topological order. Pure. */
export function depthOf(nodes, edges) {
  const inputs = new Map(nodes.map((n) => [n.id, []]));
  for (const e of edges) inputs.get(e.target)?.push(e.source);
  const depth = new Map();
  let max = 0;
  for (const n of nodes) {
    let d = 0;
    for (const s of inputs.get(n.id)) d = Math.max(d, (depth.get(s) ?? 0) + 1);
    depth.set(n.id, d);
    max = Math.max(max, d);
  }
  return max;
}

/**
 * Where each node comes in reading order: a depth-first walk from the outputs back through each
 * node's inputs in argument order, numbering a node when its inputs are done. In figure 6.18 this puts
 * x₁ before x₂, unit 1's weights, products and sum before unit 2's, each group in index order. Pure.
 * @returns Map(id → rank in reading order)
 */
export function readingRanks(nodes, edges) {
  const inputs = new Map(nodes.map((n) => [n.id, []]));
  const used = new Set();
  const bySlot = [...edges].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  for (const e of bySlot) { inputs.get(e.target)?.push(e.source); used.add(e.source); }
  const rank = new Map();
  const visit = (root) => {
    // Iterative (a 300-node chain would nest 300 calls deep): [id, next input to visit].
    const stack = [[root, 0]];
    const seen = new Set([root]);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const next = inputs.get(top[0])[top[1]++];
      if (next === undefined) { stack.pop(); if (!rank.has(top[0])) rank.set(top[0], rank.size); }
      else if (!rank.has(next) && !seen.has(next)) { seen.add(next); stack.push([next, 0]); }
    }
  };
  for (const n of nodes) if (!used.has(n.id)) visit(n.id); // outputs, in the answer's order
  for (const n of nodes) if (!rank.has(n.id)) visit(n.id);
  return rank;
}

/** dagre's ordering constraints ({left, right}: left above right in a left-to-right drawing) that keep
 *  the real nodes of each of its ranks in reading order; edge and label dummies stay free, so its
 *  crossing reduction still routes edges around them. */
function readingOrder(laid, nodes, edges) {
  const ranks = readingRanks(nodes, edges);
  const byRank = new Map();
  for (const n of nodes) {
    const r = laid.node(n.id)?.rank;
    if (r === undefined) continue;
    if (!byRank.has(r)) byRank.set(r, []);
    byRank.get(r).push(n.id);
  }
  const constraints = [];
  for (const ids of byRank.values()) {
    ids.sort((a, b) => ranks.get(a) - ranks.get(b));
    for (let i = 1; i < ids.length; i++) constraints.push({ left: ids[i - 1], right: ids[i] });
  }
  return constraints;
}

/**
 * @param nodes [{id, width, height, named?}] in topological order (named: an assigned name, which
 *   starts a statement of the program); edges [{id, source, target}]
 * @param labels Map(edge id → {width, height}) of the edge labels to place (optional)
 * @returns {positions: Map(id → {x, y}) of centres, routes: Map(edge id → {points: [[x, y]], label:
 *   [x, y] | null}) (dagre only), width, height, engine: 'dagre' | 'layered', direction: 'LR' | 'TB'}
 */
export function layoutGraph(nodes, edges, labels = new Map()) {
  if (nodes.length > LIBRARY_NODE_LIMIT) {
    // Columns far enough apart for the widest label between them (scene.js places the labels).
    let widest = 0;
    for (const l of labels.values()) widest = Math.max(widest, l.width);
    const rankGap = Math.max(RANK_GAP, widest + 2 * LABEL_CLEARANCE);
    return { ...layeredLayout(nodes, edges, { rankGap, nodeGap: NODE_GAP }), routes: new Map(), direction: 'LR' };
  }
  const direction = depthOf(nodes, edges) > LONG_DEPTH ? 'TB' : 'LR';
  const g = new dagre.graphlib.Graph({ multigraph: true });
  const labelled = labels.size > 0;
  g.setGraph({ rankdir: direction, ranksep: labelled ? LABEL_RANK_GAP : RANK_GAP, nodesep: NODE_GAP, edgesep: 10, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  const pairs = new Map();
  for (const e of edges) {
    const key = `${e.source}\u0000${e.target}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
  const merged = new Set();
  for (const e of edges) {
    const key = `${e.source}\u0000${e.target}`;
    const count = pairs.get(key);
    if (count > MAX_PARALLEL_LABELS) {
      if (!merged.has(key)) g.setEdge(e.source, e.target, { weight: count, minlen: labelled ? 2 : 1 }, key);
      merged.add(key);
      continue;
    }
    const label = labels.get(e.id);
    g.setEdge(e.source, e.target, label ? { width: label.width, height: label.height, labelpos: 'c', weight: 1 } : { weight: 1 }, String(e.id));
  }
  if (direction === 'TB') {
    // Source order: each statement's result at least one rank below the one before (an invisible
    // edge; nodes come in topological order, so it never makes a cycle).
    const named = nodes.filter((n) => n.named);
    for (let i = 1; i < named.length; i++) g.setEdge(named[i - 1].id, named[i].id, { weight: 0, minlen: 1 }, `order${i}`);
  }
  // Left to right, each column in reading order (x₁ above x₂, unit 1 above unit 2). A long program
  // (TB) keeps dagre's own order: its source-order edges above already steer it, and the reading-order
  // constraints widened a 40-line program from a column into a 2,000 px band.
  dagre.layout(g, direction === 'LR' ? { customOrder: (laid, order) => order(laid, { constraints: readingOrder(laid, nodes, edges) }) } : {});
  const positions = new Map(nodes.map((n) => {
    const p = g.node(n.id);
    return [n.id, { x: p.x, y: p.y }];
  }));
  const routes = new Map();
  for (const e of edges) {
    const key = `${e.source}\u0000${e.target}`;
    const laid = merged.has(key) ? g.edge(e.source, e.target, key) : g.edge(e.source, e.target, String(e.id));
    routes.set(e.id, {
      points: (laid?.points ?? []).map((p) => [p.x, p.y]),
      label: !merged.has(key) && labels.has(e.id) && Number.isFinite(laid?.x) ? [laid.x, laid.y] : null,
    });
  }
  const { width, height } = g.graph();
  return { positions, routes, width, height, engine: 'dagre', direction };
}
