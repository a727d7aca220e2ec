// Places the graph left to right. dagre (vendored, @dagrejs/dagre) lays out graphs up to
// LIBRARY_NODE_LIMIT nodes; above that its crossing minimisation takes seconds in the browser
// (docs/layout-choice.md has the figures), so bigger graphs get the linear layering in layering.js.
import dagre from '../../vendor/dagre/3.1.3/dagre.esm.js';
import { layeredLayout } from './layering.js';

export const LIBRARY_NODE_LIMIT = 300;
const RANK_GAP = 84; // room for an edge's gradient label between columns
const NODE_GAP = 18;

/**
 * @param nodes [{id, width, height}] in topological order; edges [{source, target}]
 * @returns {positions: Map(id → {x, y}) of centres, width, height, engine: 'dagre' | 'layered'}
 */
export function layoutGraph(nodes, edges) {
  if (nodes.length > LIBRARY_NODE_LIMIT) return layeredLayout(nodes, edges, { rankGap: RANK_GAP, nodeGap: NODE_GAP });
  // Only node places are read, so parallel edges (x*x, or x + x + … with thousands of uses) are one
  // edge weighted by their number: dagre's work grew with each copy and x + x + … (20,000 terms, 2
  // nodes) never finished laying out.
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', ranksep: RANK_GAP, nodesep: NODE_GAP, marginx: 0, marginy: 0 });
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of edges) {
    const same = g.edge(e.source, e.target);
    g.setEdge(e.source, e.target, { weight: (same?.weight ?? 0) + 1 });
  }
  dagre.layout(g);
  const positions = new Map(nodes.map((n) => {
    const p = g.node(n.id);
    return [n.id, { x: p.x, y: p.y }];
  }));
  const { width, height } = g.graph();
  return { positions, width, height, engine: 'dagre' };
}
