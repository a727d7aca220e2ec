// Unit tests of the big-graph tiling (graphview_large.js, pure parts): every node and edge in exactly
// one tile, paint order, and tile keys that stay equal when only numbers change and differ when what a
// tile draws changes — the page keeps a tile with a key it already shows, so a wrong key either
// rebuilds for nothing or, worse, keeps a stale drawing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planTiles, tileGraph } from '../../static/js/explorer/graphview_large.js';
import { layeredLayout } from '../../static/js/explorer/layering.js';

/** A graph of `n` nodes shaped like benchmarks/bench_browser.py's (20 leaves, then nodes taking two
 *  of the 30 latest: fan-in and fan-out), laid out like the page does: items, edges, scene edges (geometry and label places). */
function laidOut(n, { title = (i) => `n${i}`, width = () => 100 } = {}) {
  const nodes = Array.from({ length: n }, (_, i) => ({ id: `n${i}`, width: width(i), height: 66 }));
  const edges = [];
  let seed = 7;
  const random = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
  for (let i = 20; i < n; i++) {
    for (let k = 0; k < 2; k++) {
      const from = Math.max(0, i - 30) + Math.floor(random() * Math.min(30, i));
      edges.push({ id: `n${i}:${k}`, source: `n${from}`, target: `n${i}`, index: k });
    }
  }
  const laid = layeredLayout(nodes, edges, { rankGap: 84, nodeGap: 18 });
  const items = new Map(nodes.map((m, i) => [m.id, {
    ...m, ...laid.positions.get(m.id), title: title(i), tensor: false, heat: null,
    node: { id: m.id, kind: i === 0 ? 'input' : 'operation', value: i * 0.5 },
  }]));
  const geo = new Map(edges.map((e) => {
    const s = items.get(e.source);
    const t = items.get(e.target);
    const [x0, y0, x1, y1] = [s.x + s.width / 2, s.y, t.x - t.width / 2, t.y];
    return [e.id, { d: `M${x0},${y0} L${x1},${y1}`, label: { x: (x0 + x1) / 2, y: (y0 + y1) / 2, width: 80, height: 34, mode: 'full' },
      box: [Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1)] }];
  }));
  return { items, edges, geo, bounds: { width: laid.width, height: laid.height } };
}

const plan = (g) => planTiles(g.items, g.edges, g.geo, g.bounds);
const keysOf = (tiles) => tiles.map((t) => t.key);

test('tileGraph: every node in one tile, each edge with its target', () => {
  const g = laidOut(1000);
  const tiles = tileGraph(g.items, g.edges, g.bounds);
  const nodes = tiles.flatMap((t) => t.nodes);
  assert.equal(nodes.length, 1000);
  assert.equal(new Set(nodes).size, 1000);
  assert.deepEqual(tiles.flatMap((t) => t.edges).sort(), g.edges.map((e) => e.id).sort());
  for (const t of tiles) for (const id of t.edges) assert.ok(t.nodes.includes(g.edges.find((e) => e.id === id).target));
  assert.ok(tiles.length > 1 && tiles.length < 1000 / 2, `${tiles.length} tiles`);
});

test('planTiles: paint order edges, nodes, labels; labels pair with the edge tiles; keys unique', () => {
  const tiles = plan(laidOut(700));
  const kinds = tiles.map((t) => t.kind);
  const firstNode = kinds.indexOf('nodes');
  const firstLabel = kinds.indexOf('labels');
  assert.ok(firstNode > 0 && firstLabel > firstNode);
  assert.ok(kinds.slice(0, firstNode).every((k) => k === 'edges'));
  assert.ok(kinds.slice(firstNode, firstLabel).every((k) => k === 'nodes'));
  assert.ok(kinds.slice(firstLabel).every((k) => k === 'labels'));
  assert.deepEqual(tiles.filter((t) => t.kind === 'labels').map((t) => t.ids),
    tiles.filter((t) => t.kind === 'edges').map((t) => t.ids));
  assert.equal(new Set(keysOf(tiles)).size, tiles.length);
  for (const t of tiles) assert.equal(t.boxes.length, t.ids.length);
});

test('planTiles: the same structure with other numbers gives the same keys (every tile kept)', () => {
  const before = laidOut(700);
  const after = laidOut(700);
  for (const m of after.items.values()) m.node = { ...m.node, value: -m.node.value, grad: 3 };
  assert.deepEqual(keysOf(plan(after)), keysOf(plan(before)));
});

test('planTiles: a node drawn differently changes its own tile key and only the tiles it touches', () => {
  const before = plan(laidOut(700));
  const retitled = plan(laidOut(700, { title: (i) => (i === 5 ? 'n5 = renamed' : `n${i}`) }));
  const changed = retitled.filter((t, i) => t.key !== before[i].key);
  assert.equal(changed.length, 1, 'a new title only changes the node tile that draws it');
  assert.equal(changed[0].kind, 'nodes');
  assert.ok(changed[0].ids.includes('n5'));

  const kinds = laidOut(700);
  kinds.items.get('n5').node.kind = 'parameter';
  assert.deepEqual(plan(kinds).filter((t, i) => t.key !== before[i].key).map((t) => t.ids.includes('n5')), [true]);
});

test('planTiles: a node that moves changes the tiles of its node and of its edges and labels', () => {
  const before = laidOut(700);
  const moved = laidOut(700);
  moved.items.get('n100').y += 7;
  for (const e of moved.edges.filter((x) => x.source === 'n100' || x.target === 'n100')) {
    const g = moved.geo.get(e.id);
    moved.geo.set(e.id, { ...g, d: `${g.d} `, label: { ...g.label, y: g.label.y + 3 } });
  }
  const a = plan(before);
  const b = plan(moved);
  const kinds = b.filter((t, i) => t.key !== a[i].key).map((t) => t.kind).sort();
  assert.ok(kinds.includes('nodes') && kinds.includes('edges') && kinds.includes('labels'), kinds.join());
  assert.ok(b.filter((t, i) => t.key === a[i].key).length > b.length / 2, 'the tiles far away are kept');
});

test('planTiles: one more node gives other keys where the drawing changed, never a stale equal key', () => {
  const a = plan(laidOut(700));
  const b = plan(laidOut(701));
  const kept = new Set(keysOf(a));
  const same = b.filter((t) => kept.has(t.key)).length;
  assert.ok(same > b.length / 2, `only ${same} of ${b.length} tiles kept after adding one node`);
  for (const t of b) {
    if (!kept.has(t.key)) continue;
    const old = a.find((x) => x.key === t.key);
    assert.deepEqual(t.ids, old.ids);
    assert.deepEqual(t.boxes, old.boxes);
  }
});
