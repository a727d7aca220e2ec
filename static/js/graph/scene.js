// layout → scene: where everything of a graph goes, before anything is drawn. Pure (no DOM), so
// node's test runner checks the promises the drawing makes: node boxes sized to their content, edge
// labels that overlap neither nodes nor each other (each label is drawn whole, one line shorter, or —
// when there is no room — left to the step panel, which always shows an edge's numbers).
import { depthOf, layoutGraph, LIBRARY_NODE_LIMIT, LONG_DEPTH, networkRows } from '../explorer/layout.js';

export const LABEL_PX = 11.5; // .edge-label text (static/css/app.css)
const LABEL_LINE = 14; // px between the label's two lines' baselines
const LABEL_PAD = 6; // around a label's text: its white halo is 5 px wide
const CLEAR = 2; // px kept between a label and a node box

/**
 * The text lines of an edge label in every language, widest first used for sizing:
 * {full: [downstream line, local line], short: [downstream line]} for each language.
 * @param numbers {downstream: text, local: text} as formatted for screen
 * @param words [{downstream, local}] one entry per language
 */
export function labelLines(numbers, words) {
  return words.map((w) => ({ full: [`${w.downstream} ${numbers.downstream}`, `${w.local} ${numbers.local}`], short: [`${w.downstream} ${numbers.downstream}`] }));
}

/** The {full, short} boxes (width, height) that hold an edge label's lines in every language. */
export function labelSize(lines, textWidth) {
  const widest = (pick) => Math.max(...lines.flatMap((l) => pick(l).map((text, i) => textWidth(text, LABEL_PX, i === 0))));
  return {
    full: { width: Math.ceil(widest((l) => l.full) + 2 * LABEL_PAD), height: LABEL_LINE * 2 + LABEL_PAD },
    short: { width: Math.ceil(widest((l) => l.short) + 2 * LABEL_PAD), height: LABEL_LINE + LABEL_PAD },
  };
}

/** A smooth SVG path through `points` (Catmull–Rom as cubic Béziers: it passes through every point,
 *  so an edge goes through its label's place). */
export function pathThrough(points) {
  if (points.length < 2) return '';
  const p = points;
  let d = `M${p[0][0]},${p[0][1]}`;
  for (let i = 0; i < p.length - 1; i++) {
    const a = p[Math.max(0, i - 1)];
    const b = p[i];
    const c = p[i + 1];
    const e = p[Math.min(p.length - 1, i + 2)];
    d += ` C${b[0] + (c[0] - a[0]) / 6},${b[1] + (c[1] - a[1]) / 6} ${c[0] - (e[0] - b[0]) / 6},${c[1] - (e[1] - b[1]) / 6} ${c[0]},${c[1]}`;
  }
  return d;
}

const boxAround = ([x, y], { width, height }) => [x - width / 2, y - height / 2, x + width / 2, y + height / 2];
const overlaps = (a, b, gap = 0) => a[0] < b[2] + gap && b[0] < a[2] + gap && a[1] < b[3] + gap && b[1] < a[3] + gap;

/** A uniform grid of boxes, so "does this box hit anything?" looks at a few cells, not every box.
 *  Cells are numbered (not string keys): a 2,700-node graph asks it ~20,000 times. */
function boxGrid(cell) {
  const cells = new Map();
  const SPAN = 1 << 20; // cell rows per column index: far more than any drawing has
  const each = (b, fn) => {
    const gx1 = Math.floor(b[2] / cell);
    const gy0 = Math.floor(b[1] / cell);
    const gy1 = Math.floor(b[3] / cell);
    for (let gx = Math.floor(b[0] / cell); gx <= gx1; gx++) {
      for (let gy = gy0; gy <= gy1; gy++) if (fn(gx * SPAN + gy)) return true;
    }
    return false;
  };
  return {
    add(b) { each(b, (k) => { (cells.get(k) ?? cells.set(k, []).get(k)).push(b); return false; }); },
    hits(b, gap) {
      return each(b, (k) => {
        const list = cells.get(k);
        if (list) for (const o of list) if (overlaps(b, o, gap)) return true;
        return false;
      });
    },
  };
}

/**
 * Edge-label places that do not stack (for layouts that do not place labels themselves): labels whose
 * places fall in the same column are spread to `height` apart, in the order of their edges' heights and
 * centred where they were. Pure: Map(id → [x, y]) in, a new Map out; one sort on x.
 */
export function spreadLabels(places, { width = 84, height = 30 } = {}) {
  const out = new Map(places);
  const byX = [...places].sort((a, b) => a[1][0] - b[1][0]);
  for (let start = 0; start < byX.length;) {
    let end = start + 1;
    while (end < byX.length && byX[end][1][0] - byX[start][1][0] < width * 0.75) end++;
    const column = byX.slice(start, end).sort((a, b) => a[1][1] - b[1][1] || String(a[0]).localeCompare(String(b[0])));
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

/** Layered layouts (big graphs): a curve from the source's right side to a port on the target's left,
 *  ports ordered by the sources' heights so edges do not cross at the node. */
function portRoutes(items, edges) {
  const slot = new Map();
  const byTarget = new Map();
  for (const e of edges) (byTarget.get(e.target) ?? byTarget.set(e.target, []).get(e.target)).push(e);
  for (const list of byTarget.values()) {
    const sorted = [...list].sort((a, b) => items.get(a.source).y - items.get(b.source).y || a.slot - b.slot);
    sorted.forEach((e, i) => slot.set(e.id, { i, k: sorted.length }));
  }
  const routes = new Map();
  for (const e of edges) {
    const s = items.get(e.source);
    const t = items.get(e.target);
    const { i, k } = slot.get(e.id);
    const spread = Math.min(14, (t.height - 16) / Math.max(1, k));
    const x0 = s.x + s.width / 2;
    const x1 = t.x - t.width / 2 - 2;
    const y1 = t.y + (i - (k - 1) / 2) * spread;
    const mx = (x0 + x1) / 2;
    routes.set(e.id, { d: `M${x0},${s.y} C${mx},${s.y} ${mx},${y1} ${x1},${y1}`, mid: [mx, (s.y + y1) / 2], ends: [[x0, s.y], [x1, y1]] });
  }
  return routes;
}

export const REFERENCE_MIN_USES = 2; // a leaf used this often in a long program is referenced

/**
 * Long programs (deeper than LONG_DEPTH): a leaf used by many statements (the `a` of
 * `s1 = s0*a + 1` … `s40 = s39*a + 1`) would pull an edge across the whole drawing to every use and
 * tie all statements into one strand. It is drawn once, at its first use, and every other use gets a
 * small reference box beside it (its name, dashed; same tooltip), as circuit diagrams label a net.
 * Pure: returns the nodes and edges to lay out (each such edge's source is its reference) and the
 * references: Map(ref id → {of: leaf id, edge: edge id}).
 */
export function withReferences(nodes, edges, refSize) {
  const refs = new Map();
  if (nodes.length > LIBRARY_NODE_LIMIT || depthOf(nodes, edges) <= LONG_DEPTH) return { nodes, edges, refs };
  const leaves = new Map(nodes.filter((n) => n.node && !n.node.inputs?.length).map((n) => [n.id, n]));
  const uses = new Map();
  for (const e of edges) if (leaves.has(e.source)) (uses.get(e.source) ?? uses.set(e.source, []).get(e.source)).push(e);
  const extra = [];
  const rewired = new Map();
  for (const [id, list] of uses) {
    if (list.length < REFERENCE_MIN_USES) continue;
    for (const e of list.slice(1)) {
      const ref = `ref:${e.id}`;
      refs.set(ref, { of: id, edge: e.id });
      extra.push({ id: ref, ...refSize(leaves.get(id)), ref: id });
      rewired.set(e.id, ref);
    }
  }
  if (!refs.size) return { nodes, edges, refs };
  // Each reference goes just before its consumer, so nodes stay in topological order.
  const targetOf = new Map(edges.map((e) => [e.id, e.target]));
  const before = new Map();
  for (const r of extra) {
    const target = targetOf.get(refs.get(r.id).edge);
    (before.get(target) ?? before.set(target, []).get(target)).push(r);
  }
  return {
    nodes: nodes.flatMap((n) => [...(before.get(n.id) ?? []), n]),
    edges: edges.map((e) => (rewired.has(e.id) ? { ...e, source: rewired.get(e.id) } : e)),
    refs,
  };
}

/**
 * The scene of a graph.
 * @param nodes [{id, width, height, named, …}] in topological order (sized by their contents)
 * @param edges [{id, source, target, slot, label: {full, short} | null}] (labelSize boxes)
 * @param refSize (node) → {width, height} of a reference box (withReferences); none without it
 * @returns {items: Map(id → node with x, y), refs: Map(ref id → {id, of, x, y, width, height}),
 *   edges: Map(id → {…edge, d, box, label: {x, y, width, height, mode: 'full' | 'short' | 'panel'}}),
 *   bounds: {width, height}, engine, direction}
 */
export function buildScene(allNodes, allEdges, { layout = layoutGraph, refSize = null } = {}) {
  // A network's layer view is deep but laid out in rows (layout.js), its leaves each beside their one
  // use: no references. Its rows are found once, here, and given to the layout.
  const rows = networkRows(allNodes);
  const { nodes, edges, refs } = refSize && !rows ? withReferences(allNodes, allEdges, refSize) : { nodes: allNodes, edges: allEdges, refs: new Map() };
  const labels = new Map(edges.filter((e) => e.label).map((e) => [e.id, e.label.full]));
  const laid = layout(nodes, edges, labels, { rows });
  const placedNodes = new Map(nodes.map((n) => [n.id, { ...n, ...laid.positions.get(n.id) }]));
  const items = new Map(allNodes.map((n) => [n.id, placedNodes.get(n.id)]));
  const refItems = new Map([...refs].map(([id, r]) => [id, { ...placedNodes.get(id), of: r.of }]));
  const grid = boxGrid(120);
  for (const m of placedNodes.values()) grid.add([m.x - m.width / 2, m.y - m.height / 2, m.x + m.width / 2, m.y + m.height / 2]);

  const routes = laid.routes?.size ? null : portRoutes(placedNodes, edges);
  const wanted = new Map();
  const geometry = new Map();
  for (const e of edges) {
    const route = laid.routes?.get(e.id);
    if (route && route.points.length >= 2) {
      geometry.set(e.id, { d: route.d ?? pathThrough(route.points), ends: route.points });
      wanted.set(e.id, route.label ?? route.points[Math.floor(route.points.length / 2)]);
    } else if (routes) {
      const r = routes.get(e.id);
      geometry.set(e.id, { d: r.d, ends: r.ends });
      wanted.set(e.id, r.mid);
    } else { // an edge dagre could not route (should not happen): a straight line between centres
      const s = placedNodes.get(e.source);
      const t = placedNodes.get(e.target);
      geometry.set(e.id, { d: `M${s.x},${s.y} L${t.x},${t.y}`, ends: [[s.x, s.y], [t.x, t.y]] });
      wanted.set(e.id, [(s.x + t.x) / 2, (s.y + t.y) / 2]);
    }
  }
  const placed = routes ? spreadLabels(wanted) : wanted;

  const out = new Map();
  for (const e of edges) {
    const g = geometry.get(e.id);
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of g.ends) {
      box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y); box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
    }
    let label = null;
    if (e.label) {
      const at = placed.get(e.id);
      // Whole where it fits, else one line (the downstream gradient), else moved to the step panel.
      const tries = [['full', at], ['short', at], ['short', [at[0], at[1] - 12]], ['short', [at[0], at[1] + 12]]];
      label = { x: at[0], y: at[1], ...e.label.full, mode: 'panel' };
      for (const [mode, p] of tries) {
        const b = boxAround(p, e.label[mode]);
        if (!grid.hits(b, CLEAR)) {
          grid.add(b);
          label = { x: p[0], y: p[1], ...e.label[mode], mode };
          break;
        }
      }
    }
    out.set(e.id, { ...e, d: g.d, box, label });
  }
  // Edges keep their own source in the scene (a reference is only where the line starts).
  if (refs.size) for (const e of allEdges) if (out.get(e.id).source !== e.source) out.set(e.id, { ...out.get(e.id), source: e.source, from: out.get(e.id).source });
  const bounds = { width: Math.max(0, laid.width) || 0, height: Math.max(0, laid.height) || 0 }; // an empty dagre graph is -Infinity wide
  return { items, refs: refItems, edges: out, bounds, engine: laid.engine, direction: laid.direction ?? 'LR' };
}
