// Places the graph. dagre (vendored, @dagrejs/dagre) lays out graphs up to LIBRARY_NODE_LIMIT nodes
// and places every edge label as a node of its own, so labels overlap neither nodes nor each other;
// above that its crossing minimisation takes seconds in the browser (docs/layout-choice.md has the
// figures), so bigger graphs get the linear layering in layering.js (labels placed by scene.js).
//
// Direction: left to right, as the textbook draws graphs, unless the graph is a long chain (deeper
// than LONG_DEPTH, e.g. a 40-line program): drawn left to right it is a strand of specks on screen, so
// it runs top to bottom instead, one statement under the other in source order.
//
// A network's layer view is written as the textbook writes eq. 6.35, one row per layer (networkRows):
// row i reads W^[i] and its input → W^[i]a^[i−1] → z^[i] (+ b^[i]) left to right, a^[i] under z^[i];
// the next row starts from a^[i] (its edge runs back along the gap between the rows, as a line of text
// wraps); the loss and y close the last row. In one long row a 2-3-3-1 network was ~3,400 px wide and
// opened showing a fifth of itself; in rows it is ~1,000 px wide (docs/graph.md).
import dagre from '../../vendor/dagre/3.1.3/dagre.esm.js';
import { layeredLayout } from './layering.js';

export const LIBRARY_NODE_LIMIT = 300;
export const LONG_DEPTH = 16; // figure 6.18 is 8 deep and a 2-3-3-1 network 13: both stay left to right
const RANK_GAP = 84; // without labels: room for an edge's gradient label between columns
const LABEL_RANK_GAP = 36; // with labels: dagre halves it on each side of the label's own rank
const NODE_GAP = 18;
const LABEL_CLEARANCE = 6; // px between a label and the columns beside it
const ROW_GAP = 28; // px between rows of a layer view, at least (more where a wrapping edge's label runs)
// Within a row, a label's rank is kept this close to the boxes beside it (rows must fit the view's width).
const ROW_LABEL_RANK_GAP = 12;
const CORNER = 12; // radius of a wrapping edge's bends
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
 * @param rows networkRows(nodes), when the caller has it already (scene.js needs it too)
 * @returns {positions: Map(id → {x, y}) of centres, routes: Map(edge id → {points: [[x, y]], label:
 *   [x, y] | null, d?: an SVG path when not a curve through the points}) (dagre only), width, height,
 *   engine: 'dagre' | 'layered', direction: 'LR' | 'TB' | 'rows'}
 */
export function layoutGraph(nodes, edges, labels = new Map(), { rows = networkRows(nodes) } = {}) {
  if (nodes.length > LIBRARY_NODE_LIMIT) {
    // Columns far enough apart for the widest label between them (scene.js places the labels).
    let widest = 0;
    for (const l of labels.values()) widest = Math.max(widest, l.width);
    const rankGap = Math.max(RANK_GAP, widest + 2 * LABEL_CLEARANCE);
    return { ...layeredLayout(nodes, edges, { rankGap, nodeGap: NODE_GAP }), routes: new Map(), direction: 'LR' };
  }
  if (rows) return rowLayout(nodes, edges, labels, rows);
  return { ...dagreLayout(nodes, edges, labels, depthOf(nodes, edges) > LONG_DEPTH ? 'TB' : 'LR'), engine: 'dagre' };
}

/** dagre on one graph (or one row of a layer view), in `direction`; `align`: dagre's alignment
 *  (default: the balance of all four). */
function dagreLayout(nodes, edges, labels, direction, { align, labelRankGap = LABEL_RANK_GAP } = {}) {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  const labelled = labels.size > 0;
  g.setGraph({ rankdir: direction, ranksep: labelled ? labelRankGap : RANK_GAP, nodesep: NODE_GAP, edgesep: 10, marginx: 0, marginy: 0, align });
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
  if (direction === 'LR') onFacingSides(routes, edges, (id) => g.node(id));
  const { width, height } = g.graph();
  return { positions, routes, width: nodes.length ? width : 0, height: nodes.length ? height : 0, direction };
}

const PORT_GAP = 12; // px between the ends of edges at one side of a node
const PORT_INSET = 10; // px: ends stay this far inside a node's top and bottom (its round corners)
const LEVEL_RUN = 10; // px: the level stretch by which an edge leaves and enters a node

/** Left to right, every edge leaves its source's right side and enters its target's left side, level,
 *  at a port of its own spread over the side in the order of the edges' other ends, as the layered
 *  fallback draws them (scene.js portRoutes). dagre aims both ends at the nodes' centres: across a
 *  narrow gap an edge to a node rows below came in through its top, and so through the node above it
 *  (figure 6.18's x₁ → u3 through u2 and b[1]₁), and edges into one node met at one point. The rest of
 *  dagre's route (through its label) stays; its steep part now runs in the gap between the columns,
 *  where there are labels but no nodes. Changes `routes` in place. */
function onFacingSides(routes, edges, nodeOf) {
  const sides = new Map(); // node id → {out: [[route, y]], in: [[route, y]]}
  const side = (id, which) => (sides.get(id) ?? sides.set(id, { out: [], in: [] }).get(id))[which];
  for (const e of edges) {
    const route = routes.get(e.id);
    const p = route.points;
    if (p.length < 2) continue;
    side(e.source, 'out').push([route, p[1][1]]);
    side(e.target, 'in').push([route, p[p.length - 2][1]]);
  }
  const ports = new Map(); // route → {out: [x, y], in: [x, y]}
  for (const [id, { out, in: into }] of sides) {
    const n = nodeOf(id);
    for (const [list, which, x] of [[out, 'out', n.x + n.width / 2], [into, 'in', n.x - n.width / 2]]) {
      const gap = Math.min(PORT_GAP, (n.height - 2 * PORT_INSET) / Math.max(1, list.length - 1));
      list.sort((a, b) => a[1] - b[1]).forEach(([route], i) => {
        (ports.get(route) ?? ports.set(route, {}).get(route))[which] = [x, n.y + (i - (list.length - 1) / 2) * gap];
      });
    }
  }
  for (const [route, { out: [x0, y0], in: [x1, y1] }] of ports) {
    const middle = route.points.slice(1, -1);
    const points = [[x0, y0]];
    if ((middle[0]?.[0] ?? x1) > x0 + 2 * LEVEL_RUN) points.push([x0 + LEVEL_RUN, y0]);
    points.push(...middle);
    if ((middle[middle.length - 1]?.[0] ?? x0) < x1 - 2 * LEVEL_RUN) points.push([x1 - LEVEL_RUN, y1]);
    points.push([x1, y1]);
    route.points = points;
  }
}

/**
 * The rows of a network's layer view: Map(id → row, 0-based), from the engine's `layer` on each node
 * (contract §2: 0 the input, i layer i, depth + 1 the loss), the input joining the first row and the
 * loss the last (or a row of its own); null for every other graph. The scalar view (its parameters
 * are numbers) keeps its columns: figure 6.18 draws units one above the other, and its rows would be
 * as wide as its layers have units. Pure.
 */
export function networkRows(nodes) {
  let depth = 0;
  for (const n of nodes) {
    const node = n.node;
    if (!Number.isInteger(node?.layer)) return null;
    if (node.kind === 'parameter') {
      if (!node.shape?.length) return null;
      depth = Math.max(depth, node.layer);
    }
  }
  if (depth < 1) return null;
  // The loss closes the last row when it is one node (L = bce(a, y)); written in several statements
  // (mse: r = a − y; L = mean(r · r)) it gets a row of its own rather than doubling the last row's width.
  const lossOps = nodes.filter((n) => n.node.layer > depth && n.node.kind === 'operation').length;
  const last = lossOps > 1 ? depth + 1 : depth;
  return new Map(nodes.map((n) => [n.id, Math.min(last, Math.max(1, n.node.layer)) - 1]));
}

/**
 * A row's equation, z^[i] = W^[i]a^[i−1] + b^[i]: the row's parameters, the nodes that take them and
 * everything those are computed from. The rest of the row (a^[i] and what follows it: a transpose,
 * dropout, the loss with y) is drawn under z^[i] instead of after it, so a row is three boxes wide, not
 * four or five (a 2-3-3-1 row: ~930 px instead of ~1,200, within the explorer's graph area at the
 * readable scale). Set of ids. Pure.
 */
export function equationOf(nodes, edges) {
  const ids = new Set(nodes.map((n) => n.id));
  const inputs = new Map(nodes.map((n) => [n.id, []]));
  for (const e of edges) if (ids.has(e.target)) inputs.get(e.target).push(e.source);
  const parameters = new Set(nodes.filter((n) => n.node?.kind === 'parameter').map((n) => n.id));
  const stack = edges.filter((e) => parameters.has(e.source)).map((e) => e.target);
  const equation = new Set();
  while (stack.length) {
    const id = stack.pop();
    if (equation.has(id) || !ids.has(id)) continue;
    equation.add(id);
    stack.push(...inputs.get(id));
  }
  return equation;
}

const shifted = (laid, dx, dy) => ({
  positions: new Map([...laid.positions].map(([id, p]) => [id, { x: p.x + dx, y: p.y + dy }])),
  routes: new Map([...laid.routes].map(([id, r]) => [id, { points: r.points.map(([x, y]) => [x + dx, y + dy]), label: r.label && [r.label[0] + dx, r.label[1] + dy] }])),
});

/** One row: its equation laid out by dagre, the rest by dagre too and placed with its first node under
 *  the equation's node that feeds it (a^[i] under z^[i]), far enough below for that edge's label. */
function rowBlock(nodes, edges, labels) {
  // Up-left alignment puts each node level with its first input, so W^[i], the product and z^[i] stand
  // on one line with x and b^[i] under it, not on the staircase of dagre's balanced alignment.
  const options = { align: 'UL', labelRankGap: ROW_LABEL_RANK_GAP };
  const equation = equationOf(nodes, edges);
  const rest = nodes.filter((n) => !equation.has(n.id));
  if (!rest.length || rest.length === nodes.length) return dagreLayout(nodes, edges, labels, 'LR', options);
  const down = edges.filter((e) => equation.has(e.source) && !equation.has(e.target));
  const top = dagreLayout(nodes.filter((n) => equation.has(n.id)), edges.filter((e) => equation.has(e.source) && equation.has(e.target)), labels, 'LR', options);
  const below = dagreLayout(rest, edges.filter((e) => !equation.has(e.source)), labels, 'LR', options);
  const size = new Map(nodes.map((n) => [n.id, n]));
  const first = down[0];
  levelTops(top, size, first.source);
  const [s, t] = [top.positions.get(first.source), below.positions.get(first.target)];
  const room = Math.max(...down.map((e) => (labels.get(e.id)?.height ?? 0) + 2 * LABEL_CLEARANCE), NODE_GAP);
  const dx = s.x - t.x;
  let dy = s.y + size.get(first.source).height / 2 + room - (t.y - size.get(first.target).height / 2);
  // Never over the equation's lower boxes (b^[i] under the product) where the two overlap in x.
  const [left, right] = [dx, dx + below.width];
  for (const [id, p] of top.positions) {
    const n = size.get(id);
    if (p.x + n.width / 2 > left && p.x - n.width / 2 < right && id !== first.source) dy = Math.max(dy, p.y + n.height / 2 + NODE_GAP);
  }
  const lower = shifted(below, dx, dy);
  const shift = Math.max(0, -dx); // the rest reaching left of the equation (not in a network's rows)
  const block = shifted({ positions: new Map([...top.positions, ...lower.positions]), routes: new Map([...top.routes, ...lower.routes]) }, shift, 0);
  for (const e of down) {
    const [a, b] = [block.positions.get(e.source), block.positions.get(e.target)];
    const [y0, y1] = [a.y + size.get(e.source).height / 2, b.y - size.get(e.target).height / 2];
    block.routes.set(e.id, { points: [[a.x, y0], [b.x, y1]], label: labels.has(e.id) ? [(a.x + b.x) / 2, (y0 + y1) / 2] : null });
  }
  return { ...block, ...boundsOf(block, size, labels) };
}

/**
 * UL alignment centres a row's line on its first box, so a tall W^[i] (a 3 × 3 matrix shows its value
 * over its gradient) pushed the product and z^[i] (and a^[i] under it) half its extra height down.
 * Boxes taller than the line's are moved down to start level with it instead, where that hits no
 * other box; their edges still leave from their side. Changes `laid` in place.
 */
function levelTops(laid, size, lineId) {
  const line = laid.positions.get(lineId);
  const lineTop = line.y - size.get(lineId).height / 2;
  const box = (id, p) => { const n = size.get(id); return [p.x - n.width / 2, p.y - n.height / 2, p.x + n.width / 2, p.y + n.height / 2]; };
  for (const [id, p] of laid.positions) {
    const n = size.get(id);
    if (p.y - n.height / 2 >= lineTop - 0.5) continue;
    const moved = { x: p.x, y: lineTop + n.height / 2 };
    const b = box(id, moved);
    const clear = [...laid.positions].every(([other, q]) => {
      if (other === id) return true;
      const o = box(other, q);
      return !(b[0] < o[2] + NODE_GAP && o[0] < b[2] + NODE_GAP && b[1] < o[3] + NODE_GAP && o[1] < b[3] + NODE_GAP);
    });
    if (!clear) continue;
    laid.positions.set(id, moved);
    for (const route of laid.routes.values()) {
      for (const end of [route.points[0], route.points[route.points.length - 1]]) {
        if (end && Math.abs(end[0] - p.x) <= n.width / 2 + 1 && Math.abs(end[1] - p.y) <= n.height / 2 + 1) end[1] = Math.min(b[3], Math.max(b[1], end[1]));
      }
    }
  }
}

/** A block's positions and routes moved so its boxes and labels start at (0, 0), with its size. */
function boundsOf(block, size, labels) {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const grow = (x, y, w, h) => {
    box[0] = Math.min(box[0], x - w / 2); box[1] = Math.min(box[1], y - h / 2);
    box[2] = Math.max(box[2], x + w / 2); box[3] = Math.max(box[3], y + h / 2);
  };
  for (const [id, p] of block.positions) grow(p.x, p.y, size.get(id).width, size.get(id).height);
  for (const [id, r] of block.routes) if (r.label && labels.has(id)) grow(r.label[0], r.label[1], labels.get(id).width, labels.get(id).height);
  return { ...shifted(block, -box[0], -box[1]), width: box[2] - box[0], height: box[3] - box[1] };
}

/** An edge from a row down to a later one: out of the source's bottom, along the gap above the
 *  target's row at height `gy`, into the target's top, with rounded bends. */
function wrapRoute(s, t, gy) {
  const [sx, sy] = [s.x, s.y + s.height / 2];
  const [tx, ty] = [t.x, t.y - t.height / 2];
  const dir = Math.sign(tx - sx);
  const r = Math.min(CORNER, Math.abs(tx - sx) / 2, (gy - sy) / 2, (ty - gy) / 2);
  const d = dir === 0 || r < 1
    ? `M${sx},${sy} C${sx},${gy} ${tx},${gy} ${tx},${ty}`
    : `M${sx},${sy} V${gy - r} Q${sx},${gy} ${sx + dir * r},${gy} H${tx - dir * r} Q${tx},${gy} ${tx},${gy + r} V${ty}`;
  return { points: [[sx, sy], [sx, gy], [tx, gy], [tx, ty]], d, label: [(sx + tx) / 2, gy] };
}

/**
 * The layer view one row per layer (rows from networkRows): each row laid out by rowBlock with its own
 * edges, rows stacked top to bottom and aligned left, as lines of equations; an edge into
 * a later row (a^[i] into row i + 1's product) runs along the gap above that row, which is made tall
 * enough for its label. Same answer as layoutGraph, direction 'rows'. Pure.
 */
function rowLayout(nodes, edges, labels, rowOf) {
  const count = Math.max(...rowOf.values()) + 1;
  const members = Array.from({ length: count }, () => []);
  const inner = Array.from({ length: count }, () => []);
  const wraps = [];
  for (const n of nodes) members[rowOf.get(n.id)].push(n);
  for (const e of edges) {
    const [a, b] = [rowOf.get(e.source), rowOf.get(e.target)];
    if (a === b) inner[a].push(e); else wraps.push(e);
  }
  const laid = members.map((list, r) => rowBlock(list, inner[r], labels));
  const gapAbove = new Array(count).fill(ROW_GAP);
  for (const e of wraps) {
    const label = labels.get(e.id);
    if (label) gapAbove[rowOf.get(e.target)] = Math.max(gapAbove[rowOf.get(e.target)], label.height + 2 * LABEL_CLEARANCE);
  }
  const top = [];
  let y = 0;
  laid.forEach((row, r) => {
    if (r > 0) y += gapAbove[r];
    top.push(y);
    y += row.height;
  });
  const placed = laid.map((row, r) => shifted(row, 0, top[r]));
  const positions = new Map(placed.flatMap((row) => [...row.positions]));
  const routes = new Map(placed.flatMap((row) => [...row.routes]));
  const sized = new Map(nodes.map((n) => [n.id, { ...n, ...positions.get(n.id) }]));
  for (const e of wraps) {
    const target = rowOf.get(e.target);
    routes.set(e.id, wrapRoute(sized.get(e.source), sized.get(e.target), top[target] - gapAbove[target] / 2));
  }
  const width = Math.max(...laid.map((row) => row.width));
  return { positions, routes, width, height: y, engine: 'dagre', direction: 'rows' };
}
