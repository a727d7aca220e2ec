// The layer view one row per layer (static/js/explorer/layout.js networkRows, equationOf, rowLayout): a
// network's rows read top to bottom as eq. 6.35 is written, each row W^[i] and its input → W^[i]a → z^[i]
// (+ b^[i]) with a^[i] under z^[i]; a row stays as wide as one layer whatever the depth; the scalar view
// and expressions keep their layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { estimateWidth } from '../../static/js/graph/textwidth.js';
import { contentFor } from '../../static/js/graph/content.js';
import { buildScene, labelLines, labelSize } from '../../static/js/graph/scene.js';
import { fitFloor } from '../../static/js/graph/camera.js';
import { equationOf, layoutGraph, networkRows } from '../../static/js/explorer/layout.js';
import { fmt } from '../../static/js/format.js';

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
const words = { value: ['value', '值'], grad: ['grad', '梯度'] };
const labelWords = [{ downstream: '←', local: 'local' }, { downstream: '←', local: '局部' }];

/** An answer's nodes and edges sized as the page sizes them (estimated text widths: a little wider). */
function sized(answer) {
  const nodes = answer.nodes.map((node) => {
    const content = contentFor(node);
    const title = content.title ? content.title(node.id, node) : node.id;
    return { id: node.id, node, ...content.size(node, { title, words, textWidth: estimateWidth, fmt }) };
  });
  const edges = answer.edges.map((e) => ({ ...e, label: labelSize(labelLines({ downstream: '[3×3]', local: 'W[2]ᵀ' }, labelWords), estimateWidth) }));
  return { nodes, edges };
}

const box = (m) => [m.x - m.width / 2, m.y - m.height / 2, m.x + m.width / 2, m.y + m.height / 2];
const hit = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
// The explorer's graph area at 1400×900 is 1,022 px wide; fit keeps 24 px each side and node text at
// 11 px (12 px text at 11/12): a row up to this wide is seen whole at the readable scale.
const READABLE_WIDTH = (1022 - 2 * 24) / fitFloor(12);

test('rows: the layer view gets a row per layer from the engine\'s `layer`; the scalar view and expressions none', () => {
  const { nodes } = sized(fixture('layer_2331.json'));
  const rows = networkRows(nodes);
  assert.deepEqual(Object.fromEntries([...rows].filter(([id]) => ['x', 'W1', 'a1', 'W2', 'z3', 'y', 'L'].includes(id))),
    { x: 0, W1: 0, a1: 0, W2: 1, z3: 2, y: 2, L: 2 }, 'the input joins the first row, the loss the last');
  const scalar = nodes.map((n) => ({ ...n, node: { ...n.node, shape: [], value: 1 } }));
  assert.equal(networkRows(scalar), null, 'scalar parameters: figure 6.18 keeps its columns');
  assert.equal(networkRows(sized(fixture('fig615.json')).nodes), null, 'an expression has no layers');
});

test('rows: a row\'s equation is z = W a + b; a^[i] and the loss are the rest of the row', () => {
  const { nodes, edges } = sized(fixture('layer_2331.json'));
  const rows = networkRows(nodes);
  const row = (r) => nodes.filter((n) => rows.get(n.id) === r);
  const inner = (list) => { const ids = new Set(list.map((n) => n.id)); return edges.filter((e) => ids.has(e.source) && ids.has(e.target)); };
  const product = (r) => nodes.find((n) => n.node.op === 'matmul' && rows.get(n.id) === r).id;
  assert.deepEqual([...equationOf(row(0), inner(row(0)))].sort(), ['W1', 'b1', 'x', 'z1', product(0)].sort());
  assert.deepEqual([...equationOf(row(2), inner(row(2)))].sort(), ['W3', 'b3', 'z3', product(2)].sort());
});

test('rows: a 2-3-3-1 layer view reads top to bottom like eq. 6.35, each row within a readable view\'s width', () => {
  const { nodes, edges } = sized(fixture('layer_2331.json'));
  const scene = buildScene(nodes, edges);
  assert.equal(scene.direction, 'rows');
  const at = (id) => scene.items.get(id);
  const product = (i) => [...scene.items.values()].find((m) => m.node.op === 'matmul' && m.node.layer === i).id;
  for (let i = 1; i <= 3; i++) {
    const [W, u, z, a] = [`W${i}`, product(i), `z${i}`, `a${i}`].map(at);
    assert.ok(box(W)[2] < box(u)[0] && box(u)[2] < box(z)[0], `row ${i}: W[${i}] → W[${i}]a → z[${i}], left to right`);
    assert.equal(box(u)[1], box(z)[1], `row ${i}: the product and z[${i}] on one line`);
    assert.ok(Math.abs(box(W)[1] - box(z)[1]) < 1, `row ${i}: W[${i}] starts level with them`);
    assert.ok(Math.abs(a.x - z.x) < 1 && box(z)[3] < box(a)[1], `row ${i}: a[${i}] under z[${i}]`);
    assert.ok(box(at(`b${i}`))[1] > box(u)[3] && Math.abs(at(`b${i}`).x - u.x) < 1, `row ${i}: b[${i}] under the product`);
  }
  assert.ok(box(at('x'))[1] > box(at('W1'))[3] && Math.abs(at('x').x - at('W1').x) < 1, 'x under W[1]');
  assert.ok(box(at('y'))[1] > box(at('a3'))[3] && box(at('a3'))[2] < box(at('L'))[0], 'the loss closes the last row, y under a[3]');
  const rows = networkRows(nodes);
  const span = (r) => {
    const ms = [...scene.items.values()].filter((m) => rows.get(m.id) === r);
    return [Math.min(...ms.map((m) => box(m)[1])), Math.max(...ms.map((m) => box(m)[3]))];
  };
  for (let r = 1; r < 3; r++) assert.ok(span(r - 1)[1] < span(r)[0], `row ${r + 1} below row ${r}`);
  assert.ok(scene.bounds.width <= READABLE_WIDTH, `${scene.bounds.width} px wide: every row in view at the readable scale`);
  // The edge from a[i] into the next row's product runs down along the gap between the rows, label there.
  for (const i of [1, 2]) {
    const edge = [...scene.edges.values()].find((e) => e.source === `a${i}` && e.target === product(i + 1));
    assert.ok(edge.d.startsWith(`M${at(`a${i}`).x},${box(at(`a${i}`))[3]}`), 'leaves a[i] at its bottom');
    assert.ok(edge.label.y > span(i - 1)[1] && edge.label.y < span(i)[0], `label of a[${i}] → row ${i + 1} between the rows`);
  }
  const labels = [...scene.edges.values()].filter((e) => e.label);
  for (const e of labels) {
    assert.notEqual(e.label.mode, 'panel', `edge ${e.id} keeps its label`);
    for (const m of scene.items.values()) assert.ok(!hit(box(e.label), box(m)), `label ${e.id} covers ${m.id}`);
  }
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) assert.ok(!hit(box(labels[i].label), box(labels[j].label)));
  const all = [...scene.items.values()];
  for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) assert.ok(!hit(box(all[i]), box(all[j])), `${all[i].id} × ${all[j].id}`);
});

/** A layer view of `depth` layers of 3 units as the engine writes it (z = W @ a + b; a = relu(z);
 *  L = bce(a, y)), with dropout (a_drop = a * mask) on `dropout` hidden layers; every box 190 × 104. */
function deepNetwork(depth, dropout = [], loss = 'bce') {
  const nodes = [];
  const edges = [];
  const add = (id, layer, kind, inputs = [], op = null) => {
    nodes.push({ id, width: 190, height: 104, node: { id, kind, op, layer, shape: kind === 'parameter' ? [3, 3] : [3] } });
    inputs.forEach((source, slot) => edges.push({ id: edges.length, source, target: id, slot, label: { full: { width: 70, height: 34 }, short: { width: 50, height: 20 } } }));
  };
  add('x', 0, 'input');
  let prev = 'x';
  for (let i = 1; i <= depth; i++) {
    add(`W${i}`, i, 'parameter');
    add(`_${i}`, i, 'operation', [`W${i}`, prev], 'matmul');
    add(`b${i}`, i, 'parameter');
    add(`z${i}`, i, 'operation', [`_${i}`, `b${i}`], 'add');
    add(`a${i}`, i, 'operation', [`z${i}`], 'relu');
    prev = `a${i}`;
    if (dropout.includes(i)) {
      add(`mask${i}`, i, 'input');
      add(`a${i}_drop`, i, 'operation', [`a${i}`, `mask${i}`], 'mul');
      prev = `a${i}_drop`;
    }
  }
  add('y', depth + 1, 'input');
  if (loss === 'mse') { // r = a - y; L = mean(r * r)
    add('r', depth + 1, 'operation', [prev, 'y'], 'sub');
    add('_sq', depth + 1, 'operation', ['r', 'r'], 'mul');
    add('L', depth + 1, 'operation', ['_sq'], 'mean');
  } else add('L', depth + 1, 'operation', [prev, 'y'], 'bce');
  return { nodes, edges };
}

test('rows: nine layers (the engine\'s most) are nine rows, as wide as one; dropout stays in its layer\'s row', () => {
  const three = buildScene(...Object.values(deepNetwork(3)));
  const nine = buildScene(...Object.values(deepNetwork(9)));
  assert.equal(nine.direction, 'rows');
  const zs = Array.from({ length: 9 }, (_, i) => nine.items.get(`z${i + 1}`));
  assert.ok(zs.every((z, i) => i === 0 || z.y > zs[i - 1].y + 104), 'each layer below the one before');
  assert.ok(zs.every((z) => Math.abs(z.x - zs[0].x) < 1), 'z[i] in one column: every row is written alike');
  assert.equal(nine.bounds.width, three.bounds.width, 'a deeper network is taller, not wider');
  assert.ok(nine.bounds.height > 2.5 * three.bounds.height);
  const scene = buildScene(...Object.values(deepNetwork(9, [2, 5])));
  for (const i of [2, 5]) {
    const [drop, z, next] = [`a${i}_drop`, `z${i}`, `z${i + 1}`].map((id) => scene.items.get(id));
    assert.ok(drop.y > z.y && drop.y < next.y, `a${i}_drop in row ${i}`);
  }
  const edge = [...scene.edges.values()].find((e) => e.source === 'a2_drop');
  assert.ok(edge.label && edge.label.mode !== 'panel', 'the edge into the next row keeps its label');
});

test('rows: a loss of one node closes the last row; one of several statements (mse) gets a row of its own', () => {
  const { nodes } = deepNetwork(2, [], 'mse');
  const rows = networkRows(nodes);
  assert.deepEqual(['a2', 'y', 'r', '_sq', 'L'].map((id) => rows.get(id)), [1, 2, 2, 2, 2]);
  assert.equal(networkRows(deepNetwork(2).nodes).get('L'), 1);
  const mse = buildScene(...Object.values(deepNetwork(2, [], 'mse')));
  const bce = buildScene(...Object.values(deepNetwork(2)));
  assert.ok(mse.bounds.width <= bce.bounds.width, `the mse loss does not widen the drawing (${mse.bounds.width} px)`);
  assert.ok(mse.items.get('L').y > mse.items.get('a2').y + 104, 'its row is below the last layer');
});

test('rows: a scene finds a network\'s rows once and gives them to its layout; a layer view gets no references', () => {
  const layoutsGot = [];
  const spy = (nodes, edges, labels, options) => { layoutsGot.push(options); return layoutGraph(nodes, edges, labels, options); };
  const { nodes, edges } = sized(fixture('layer_2331.json'));
  const refSize = () => ({ width: 40, height: 20 });
  const scene = buildScene(nodes, edges, { layout: spy, refSize });
  assert.deepEqual(layoutsGot[0].rows, networkRows(nodes));
  assert.equal(scene.direction, 'rows');
  assert.equal(scene.refs.size, 0, 'deep, but its leaves stand beside their one use');
  buildScene(...Object.values(sized(fixture('fig615.json'))), { layout: spy, refSize });
  assert.equal(layoutsGot[1].rows, null, 'an expression: no rows, and the layout does not look again');
  // Given rows, the layout uses them as they are (a caller without them gets them found).
  const given = new Map(nodes.map((n) => [n.id, 0]));
  assert.ok(layoutGraph(nodes, edges, new Map(), { rows: given }).height < layoutGraph(nodes, edges).height, 'one row is shorter than three');
});

