// The fallback layout for graphs too big for the layout library to place quickly (see
// docs/layout-choice.md): longest-path layering plus one barycentre sweep, linear in nodes + edges.
// Pure, no DOM. Nodes must come in topological order, as the API sends them.

/**
 * @param nodes  [{id, width, height}] in topological order
 * @param edges  [{source, target}]
 * @returns {positions: Map(id → {x, y}) of node centres, width, height}
 */
export function layeredLayout(nodes, edges, { rankGap = 60, nodeGap = 16 } = {}) {
  const inputs = new Map(nodes.map((n) => [n.id, []]));
  for (const e of edges) inputs.get(e.target)?.push(e.source);

  // Layer: one right of the rightmost input, so every edge points left to right.
  const layer = new Map();
  for (const n of nodes) {
    let l = 0;
    for (const s of inputs.get(n.id)) l = Math.max(l, (layer.get(s) ?? -1) + 1);
    layer.set(n.id, l);
  }
  // A leaf (input, parameter, constant) goes just left of its first user, not into the first column:
  // the `+ 3` of line 90 of a program sits beside line 90 instead of in a column of every constant
  // with an edge across the whole drawing.
  const firstUse = new Map();
  for (const e of edges) {
    const l = layer.get(e.target);
    if (l !== undefined && !(firstUse.get(e.source) <= l)) firstUse.set(e.source, l);
  }
  for (const n of nodes) if (!inputs.get(n.id).length && firstUse.has(n.id)) layer.set(n.id, firstUse.get(n.id) - 1);
  const layers = [];
  for (const n of nodes) (layers[layer.get(n.id)] ??= []).push(n);

  // Order each layer by the mean row of its inputs (barycentre), which untangles most crossings of
  // expression trees in one left-to-right sweep.
  const row = new Map();
  for (const members of layers) {
    const keyed = members.map((n, i) => {
      const rows = inputs.get(n.id).map((s) => row.get(s)).filter((r) => r !== undefined);
      return { n, key: rows.length ? rows.reduce((a, b) => a + b, 0) / rows.length : i };
    });
    keyed.sort((a, b) => a.key - b.key);
    keyed.forEach(({ n }, i) => row.set(n.id, i));
    members.splice(0, members.length, ...keyed.map((k) => k.n));
  }

  const positions = new Map();
  let x = 0;
  let height = 0;
  const columns = layers.map((members) => {
    const w = Math.max(...members.map((n) => n.width));
    const h = members.reduce((s, n) => s + n.height, 0) + nodeGap * (members.length - 1);
    height = Math.max(height, h);
    return { members, w, h };
  });
  for (const { members, w, h } of columns) {
    let y = (height - h) / 2;
    for (const n of members) {
      positions.set(n.id, { x: x + w / 2, y: y + n.height / 2 });
      y += n.height + nodeGap;
    }
    x += w + rankGap;
  }
  return { positions, width: Math.max(0, x - rankGap), height, engine: 'layered' };
}
