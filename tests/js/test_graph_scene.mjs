// Unit tests of the graph renderer's pure parts (static/js/graph/*, explorer/layout.js): node boxes
// hold every text they can show in every language, edge labels overlap neither nodes nor each other,
// long programs run top to bottom in source order with shared leaves referenced, and the camera never
// makes text smaller than 11 px, follows the current step and stays still when it is in view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateWidth } from '../../static/js/graph/textwidth.js';
import { matrixContent } from '../../static/js/tensors/matrix_content.js';
import { scalarContent, fitTitle, contentFor, TITLE_PX, ROW_PX, PAD_X } from '../../static/js/graph/content.js';
import { buildScene, labelLines, labelSize, pathThrough, withReferences, LABEL_PX } from '../../static/js/graph/scene.js';
import { fitFloor, fitTransform, followTransform, readableScale, clampToGraph, MIN_TEXT_PX, visibleBox } from '../../static/js/graph/camera.js';
import * as camera from '../../static/js/graph/camera.js';
import { depthOf, layoutGraph, LONG_DEPTH, readingRanks } from '../../static/js/explorer/layout.js';
import { fmt } from '../../static/js/format.js';

const words = { value: ['value', '值'], grad: ['grad', '梯度'] };
const env = (title) => ({ title, words, textWidth: estimateWidth });

test('textwidth: wider for more, bold and CJK text; 0 for nothing', () => {
  assert.equal(estimateWidth('', 13), 0);
  assert.ok(estimateWidth('grad −0.3935', 13) > estimateWidth('grad 1', 13));
  assert.ok(estimateWidth('abc', 13, true) > estimateWidth('abc', 13));
  assert.ok(estimateWidth('梯度', 13) > estimateWidth('gr', 13));
});

test('content: a scalar box holds its title and its value and grad rows in every language', () => {
  const node = { id: 'z', kind: 'operation', value: -0.39346934, grad: -98765.4321, inputs: [] };
  const { width, height } = scalarContent.size(node, env('z[1]₁ = u1 + u2 + b[1]₁'));
  for (const text of ['z[1]₁ = u1 + u2 + b[1]₁']) assert.ok(estimateWidth(text, TITLE_PX, true) + 2 * PAD_X <= width);
  for (const w of [...words.value, ...words.grad]) {
    assert.ok(estimateWidth(`${w} ${fmt(node.grad)}`, ROW_PX, true) + 2 * PAD_X <= width, w);
  }
  assert.ok(height >= 3 * 17, 'three rows of text');
  // A wider number makes a wider box: sized to what it shows, not a fixed width.
  assert.ok(scalarContent.size({ ...node, grad: 1, value: 1 }, env('z')).width < width);
});

test('content: a title longer than the maximum ends in an ellipsis and fits', () => {
  const long = 'a_very_long_name = something × something_else + more';
  const short = fitTitle(long, 120, estimateWidth);
  assert.ok(short.endsWith('…') && estimateWidth(short, TITLE_PX, true) <= 120);
  assert.equal(fitTitle('e = a + d', 120, estimateWidth), 'e = a + d');
});

test('content: tensors get the matrix content with their shape in the title, scalars the rows', () => {
  const m = { id: 'W1', kind: 'parameter', value: [[1, 2, 3], [4, 5, 6]], grad: [[0, 0, 0], [0, 0, 0]], inputs: [] };
  assert.equal(contentFor(m), matrixContent);
  assert.equal(contentFor({ ...m, value: 2 }), scalarContent);
  assert.equal(matrixContent.title('W[1]', m), 'W[1]  [2×3]');
  const size = matrixContent.size(m, env('W[1]  [2×3]'));
  assert.ok(size.width >= size.value.slot + size.grad.slot, 'value and gradient fit side by side');
});

/** Figure 6.15 (c(a+2b)) sized as the page sizes it, for the scene tests. */
function figure615() {
  const raw = [
    { id: 'c', kind: 'input', value: -2, grad: 5 }, { id: 'a', kind: 'input', value: 3, grad: -2 },
    { id: '_1', kind: 'constant', value: 2, grad: -4 }, { id: 'b', kind: 'input', value: 1, grad: -4 },
    { id: 'd', kind: 'operation', value: 2, grad: -2 }, { id: 'e', kind: 'operation', value: 5, grad: -2 },
    { id: 'L', kind: 'operation', value: -10, grad: 1 },
  ];
  const nodes = raw.map((node) => ({ id: node.id, node, ...scalarContent.size(node, env(node.id)) }));
  const pairs = [['_1', 'd', 0], ['b', 'd', 1], ['a', 'e', 0], ['d', 'e', 1], ['c', 'L', 0], ['e', 'L', 1]];
  const lw = [{ downstream: '←', local: 'local' }, { downstream: '←', local: '局部' }];
  const edges = pairs.map(([source, target, slot], id) => ({ id, source, target, slot,
    label: source === '_1' ? null : labelSize(labelLines({ downstream: fmt(-0.3935), local: fmt(0.2479) }, lw), estimateWidth) }));
  return { nodes, edges };
}

const boxOf = (m) => [m.x - m.width / 2, m.y - m.height / 2, m.x + m.width / 2, m.y + m.height / 2];
const hit = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

test('scene: edge labels overlap no node and no other label; every labelled edge keeps its label', () => {
  const { nodes, edges } = figure615();
  const scene = buildScene(nodes, edges);
  const labels = [...scene.edges.values()].filter((e) => e.label).map((e) => [e.id, boxOf(e.label), e.label.mode]);
  assert.equal(labels.length, 5, 'the constant\'s edge has no label');
  for (const [id, box, mode] of labels) {
    assert.notEqual(mode, 'panel', `edge ${id} has room in figure 6.15`);
    for (const m of scene.items.values()) assert.ok(!hit(box, boxOf(m)), `label ${id} covers node ${m.id}`);
  }
  for (let i = 0; i < labels.length; i++) for (let j = i + 1; j < labels.length; j++) assert.ok(!hit(labels[i][1], labels[j][1]), `${labels[i][0]} × ${labels[j][0]}`);
  for (const e of scene.edges.values()) assert.ok(e.d.startsWith('M'), 'every edge has a path');
  assert.equal(scene.direction, 'LR', 'a small graph reads left to right, as the textbook draws it');
});

test('scene: a label with no room becomes one line, then moves to the step panel', () => {
  const nodes = [{ id: 'p', width: 80, height: 60 }, { id: 'q', width: 80, height: 60 }];
  const label = { full: { width: 90, height: 34 }, short: { width: 60, height: 20 } };
  const squeezed = (positions) => () => ({ positions, routes: new Map([[0, { points: [[0, 0], [100, 0]], label: [50, 0] }]]), width: 100, height: 60, engine: 'test' });
  const edges = [{ id: 0, source: 'p', target: 'q', slot: 0, label }];
  const roomy = buildScene(nodes, edges, { layout: squeezed(new Map([['p', { x: -200, y: 0 }], ['q', { x: 300, y: 0 }]])) });
  assert.equal(roomy.edges.get(0).label.mode, 'full');
  const tight = buildScene(nodes, edges, { layout: squeezed(new Map([['p', { x: -35, y: 0 }], ['q', { x: 135, y: 0 }]])) });
  assert.equal(tight.edges.get(0).label.mode, 'short');
  const none = buildScene(nodes, edges, { layout: squeezed(new Map([['p', { x: 10, y: 0 }], ['q', { x: 90, y: 0 }]])) });
  assert.equal(none.edges.get(0).label.mode, 'panel');
});

test('pathThrough passes through every point (an edge goes through its label)', () => {
  const d = pathThrough([[0, 0], [10, 5], [20, 0]]);
  assert.match(d, /^M0,0 C[^C]* 10,5 C[^C]* 20,0$/, 'each segment ends on the next point');
  assert.equal(pathThrough([[0, 0]]), '');
});

/** chain(n): tests/browser's long program `s0 = a*b; s_i = s_{i-1}*a + k; L = s_{n-1}*b`. */
function chain(lines) {
  const nodes = [{ id: 'a', node: { kind: 'input', inputs: [] } }, { id: 'b', node: { kind: 'input', inputs: [] } },
    { id: 's0', named: true, node: { kind: 'operation', inputs: [0, 1] } }];
  const edges = [{ id: 'e0', source: 'a', target: 's0' }, { id: 'e1', source: 'b', target: 's0' }];
  let prev = 's0';
  for (let i = 1; i < lines; i++) {
    const k = `_k${i}`;
    const m = `_m${i}`;
    nodes.push({ id: m, node: { kind: 'operation', inputs: [1, 2] } }, { id: k, node: { kind: 'constant', inputs: [] } },
      { id: `s${i}`, named: true, node: { kind: 'operation', inputs: [1, 2] } });
    edges.push({ id: `${m}:0`, source: prev, target: m }, { id: `${m}:1`, source: 'a', target: m },
      { id: `s${i}:0`, source: m, target: `s${i}` }, { id: `s${i}:1`, source: k, target: `s${i}` });
    prev = `s${i}`;
  }
  nodes.push({ id: 'L', named: true, node: { kind: 'operation', inputs: [1, 2] } });
  edges.push({ id: 'L:0', source: prev, target: 'L' }, { id: 'L:1', source: 'b', target: 'L' });
  return { nodes: nodes.map((n) => ({ width: 100, height: 66, ...n })), edges };
}

test('long programs run top to bottom in source order; a leaf used often is referenced at each use', () => {
  const { nodes, edges } = chain(40);
  assert.ok(depthOf(nodes, edges) > LONG_DEPTH);
  const scene = buildScene(nodes, edges, { refSize: () => ({ width: 40, height: 28 }) });
  assert.equal(scene.direction, 'TB');
  const ys = Array.from({ length: 40 }, (_, i) => scene.items.get(`s${i}`).y);
  assert.ok(ys.every((y, i) => i === 0 || y > ys[i - 1]), 'each statement below the one before');
  // a: drawn once, referenced at its 39 other uses, each reference beside its use (no edge across the drawing).
  assert.equal([...scene.refs.values()].filter((r) => r.of === 'a').length, 39);
  for (const e of scene.edges.values()) {
    if (e.from) assert.ok(e.box[3] - e.box[1] < 250, `edge ${e.id} from its reference is short`);
    assert.ok(e.source === 'a' || e.source === 'b' || !e.from);
  }
  assert.ok(scene.bounds.width < 800, `a column, not a strand across the screen (${scene.bounds.width} px)`);
  // Short programs and networks are left alone.
  assert.equal(withReferences(figure615().nodes, figure615().edges, () => ({ width: 1, height: 1 })).refs.size, 0);
});

test('layout: small graphs left to right with dagre; every edge routed', () => {
  const { nodes, edges } = figure615();
  const laid = layoutGraph(nodes, edges);
  assert.equal(laid.direction, 'LR');
  assert.equal(laid.routes.size, edges.length);
  for (const e of edges) assert.ok(laid.positions.get(e.source).x < laid.positions.get(e.target).x);
});

test('camera: fit shows the whole graph when text stays ≥ 11 px, else a readable zoom on the focus', () => {
  const view = { width: 1000, height: 500 };
  const minScale = readableScale(LABEL_PX);
  assert.ok(minScale * LABEL_PX >= MIN_TEXT_PX - 1e-9);
  const small = fitTransform({ width: 600, height: 200 }, view, { minScale });
  assert.ok(small.whole && small.k >= minScale && small.k <= 1.6);
  const big = fitTransform({ width: 5000, height: 3000 }, view, { minScale, focus: [2500, 1500] });
  assert.equal(big.whole, false);
  assert.equal(big.k, minScale);
  const [x0, y0, x1, y1] = visibleBox(big, view);
  assert.ok(x0 < 2500 && 2500 < x1 && y0 < 1500 && 1500 < y1, 'the focus is in view');
  // At the start of a big graph the view does not show empty space left of it.
  const start = fitTransform({ width: 5000, height: 3000 }, view, { minScale, focus: [0, 1500] });
  assert.ok(visibleBox(start, view)[0] >= -24 / minScale - 1e-9, 'at most the fit padding of empty space');
});

test('camera: the fit floor is set by node text (11 px on screen), projector mode can raise it', () => {
  const k = fitFloor(ROW_PX);
  assert.ok(Math.abs(k * ROW_PX - MIN_TEXT_PX) < 1e-9, 'node rows exactly 11 px at the floor');
  assert.ok(k < readableScale(LABEL_PX), 'edge labels (smaller, also in the step panel) do not bind it');
  assert.equal(fitFloor(ROW_PX, 24), 24 / ROW_PX);
  assert.equal(fitFloor(ROW_PX, 5), k, 'a smaller projector minimum never lowers the floor');
  // A graph larger than the view at that floor: without a focus (before the first step) the view is
  // centred on the graph's centre, not stuck at its left edge.
  const view = { width: 1000, height: 560 };
  const bounds = { width: 3000, height: 1200 };
  const t = fitTransform(bounds, view, { minScale: k });
  assert.equal(t.whole, false);
  assert.equal(t.k, k);
  const [x0, y0, x1, y1] = visibleBox(t, view);
  assert.ok(Math.abs((x0 + x1) / 2 - 1500) < 1e-6 && Math.abs((y0 + y1) / 2 - 600) < 1e-6, 'centred on the graph');
  // Focused on a node near the right edge: that node is in view and the view stops at the graph's edge.
  const right = fitTransform(bounds, view, { minScale: k, focus: [2950, 600] });
  const v = visibleBox(right, view);
  assert.ok(v[0] < 2950 && 2950 < v[2]);
  assert.ok(v[2] <= 3000 + 24 / k + 1e-9, 'no more than the padding beyond the graph');
  // The same graph at a larger view fits whole, above the floor.
  const whole = fitTransform(bounds, { width: 4000, height: 2000 }, { minScale: k });
  assert.ok(whole.whole && whole.k >= k);
});

/** Figure 6.18's network (2 inputs, 2 ReLU units, 1 sigmoid output, BCE) as the scalar view draws it,
 *  its nodes in an order that lists unit 2 before unit 1 (any topological order may come). */
function figure618() {
  const op = (id, ...inputs) => ({ id, inputs });
  const list = [
    op('x2'), op('w[1]22'), op('w[1]21'), op('u4', 'w[1]22', 'x2'), op('x1'), op('u3', 'w[1]21', 'x1'), op('b[1]2'),
    op('z[1]2', 'u3', 'u4', 'b[1]2'), op('w[1]11'), op('w[1]12'), op('u1', 'w[1]11', 'x1'), op('u2', 'w[1]12', 'x2'),
    op('b[1]1'), op('z[1]1', 'u1', 'u2', 'b[1]1'), op('a[1]2', 'z[1]2'), op('a[1]1', 'z[1]1'),
    op('w[2]12'), op('w[2]11'), op('u6', 'w[2]12', 'a[1]2'), op('u5', 'w[2]11', 'a[1]1'), op('b[2]1'),
    op('z[2]', 'u5', 'u6', 'b[2]1'), op('a[2]', 'z[2]'), op('y'), op('L', 'a[2]', 'y'),
  ];
  const nodes = list.map(({ id }) => ({ id, width: 150, height: 66 }));
  const edges = list.flatMap(({ id, inputs }) => inputs.map((source, index) => ({ id: `${source}>${id}`, source, target: id, index })));
  return { nodes, edges, labels: new Map(edges.map((e) => [e.id, { width: 120, height: 30 }])) };
}

test('layout: figure 6.18 reads like the textbook — x₁ above x₂, unit 1 above unit 2, in index order', () => {
  const { nodes, edges, labels } = figure618();
  const order = readingRanks(nodes, edges);
  const before = (a, b) => assert.ok(order.get(a) < order.get(b), `${a} before ${b}`);
  before('x1', 'x2'); before('u1', 'u2'); before('u2', 'u3'); before('u3', 'u4'); before('z[1]1', 'z[1]2');
  before('w[1]11', 'w[1]12'); before('w[1]12', 'w[1]21'); before('w[1]21', 'w[1]22');
  const at = layoutGraph(nodes, edges, labels).positions;
  const above = (a, b) => {
    assert.equal(at.get(a).x, at.get(b).x, `${a} and ${b} in one column`);
    assert.ok(at.get(a).y < at.get(b).y, `${a} above ${b}`);
  };
  above('x1', 'x2'); above('z[1]1', 'z[1]2'); above('a[1]1', 'a[1]2'); above('u1', 'u2'); above('u2', 'u3'); above('u3', 'u4');
  // Nothing of unit 2 sits between x₁ and x₂: w[1]22 (the tester's example) is below x₂.
  assert.ok(at.get('w[1]22').y > at.get('x2').y || at.get('w[1]22').x !== at.get('x1').x);
});

test('camera: follow pans just enough to show the current node and its edges, and not at all when in view', () => {
  const view = { width: 800, height: 400 };
  const t = { x: 0, y: 0, k: 1 };
  assert.equal(followTransform(t, [[100, 100, 300, 200]], view), null);
  const moved = followTransform(t, [[900, 100, 1000, 200]], view);
  const [x0, , x1] = visibleBox(moved, view);
  assert.ok(x0 <= 900 && 1000 <= x1, 'now in view');
  assert.equal(moved.k, 1, 'stepping pans, it does not zoom');
  // Node and edges too wide for the view: the node alone is brought into view.
  const wide = followTransform(t, [[-2000, 0, 2000, 100], [1500, 0, 1600, 100]], view);
  const v = visibleBox(wide, view);
  assert.ok(v[0] <= 1500 && 1600 <= v[2]);
  // Clamped to the graph: a graph that fits stays centred.
  assert.deepEqual(clampToGraph({ x: 300, y: 10, k: 1 }, { width: 200, height: 100 }, view), { x: 300, y: 150, k: 1 });
});

test('layered layout (big graphs): a leaf sits just left of its first user, not in the first column', async () => {
  const { layeredLayout } = await import('../../static/js/explorer/layering.js');
  const { nodes, edges } = chain(30); // `+ k` constants are first used by line k
  const laid = layeredLayout(nodes, edges);
  for (let i = 1; i < 30; i++) {
    const k = laid.positions.get(`_k${i}`);
    const user = laid.positions.get(`s${i}`);
    assert.ok(k.x < user.x && user.x - k.x < 300, `constant of line ${i} beside its line`);
  }
  for (const e of edges) assert.ok(laid.positions.get(e.source).x < laid.positions.get(e.target).x, 'every edge points right');
  assert.ok(laid.height < 400, `one strand in source order, not a column of every leaf (${laid.height} px)`);
});

test('fitHeight: the height a view needs to show the graph as fit draws it at that width', () => {
  const { fitHeight } = camera;
  // A wide graph scaled to a 374 px phone: 0.3×, so 200 px of graph take 60 px plus the padding.
  const wide = { width: 1086, height: 200 };
  const h = fitHeight(wide, 374);
  assert.equal(h, Math.ceil(200 * (374 - 48) / 1086 + 48));
  // fitTransform in a view of that height shows the whole graph, at the width's scale.
  const t = fitTransform(wide, { width: 374, height: h });
  assert.ok(t.whole && Math.abs(t.k - (374 - 48) / 1086) < 1e-9);
  // With a readable floor above the width's scale, the height is that of the floor's drawing.
  assert.equal(fitHeight(wide, 374, { minScale: 0.85 }), Math.ceil(200 * 0.85 + 48));
  // A tiny graph is not blown up past MAX_FIT_SCALE.
  assert.equal(fitHeight({ width: 50, height: 50 }, 374), Math.ceil(50 * camera.MAX_FIT_SCALE + 48));
});

test('camera: an edit or a resize refits only a graph shown whole that would now overflow, and never a camera the reader moved', () => {
  const view = { width: 800, height: 500 };
  const small = { width: 400, height: 200 };
  const t = camera.fitTransform(small, view);
  assert.ok(camera.showsWhole(t, small, view));
  // A longer title typed (same nodes): the graph grows past the right edge at the old camera.
  const wider = { width: 700, height: 200 };
  assert.equal(camera.refitNeeded(t, { bounds: small, view }, { bounds: wider, view }, false), true);
  assert.equal(camera.refitNeeded(t, { bounds: small, view }, { bounds: wider, view }, true), false, 'the reader\'s camera is kept');
  // A value edited that keeps it inside, or shrinks it: nothing to do.
  assert.equal(camera.refitNeeded(t, { bounds: small, view }, { bounds: { width: 410, height: 200 }, view }, false), false);
  assert.equal(camera.refitNeeded(t, { bounds: small, view }, { bounds: { width: 300, height: 150 }, view }, false), false);
  // The view narrowed (a scroll bar appeared) under a graph that filled it.
  const snug = camera.fitTransform({ width: 752, height: 200 }, view);
  assert.equal(camera.refitNeeded(snug, { bounds: { width: 752, height: 200 }, view }, { bounds: { width: 752, height: 200 }, view: { width: 770, height: 500 } }, false), true);
  // A graph already larger than the view (a readable zoom on part of it) keeps its camera.
  const big = { width: 3000, height: 200 };
  const part = camera.fitTransform(big, view, { minScale: 0.8 });
  assert.equal(part.whole, false);
  assert.equal(camera.refitNeeded(part, { bounds: big, view }, { bounds: { width: 3100, height: 200 }, view }, false), false);
});
