// Unit tests of the explorer's pure modules (node --test): number formats, the timeline's revealed
// state, narration in both languages, free-variable guessing, the layouts, and the string tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fmt, fmtTex, fmtAny, hookValue, shapeOf, flatten } from '../../static/js/format.js';
import { stateAt, stepCount, clampStep, edgesOf, edgeId, phaseBounds, valuesOnly, gradientLeaves } from '../../static/js/explorer/timeline.js';
import { describeStep, displayName, caption, localRule, plainTex } from '../../static/js/explorer/narrate.js';
import { layeredLayout } from '../../static/js/explorer/layering.js';
import { layoutGraph, LIBRARY_NODE_LIMIT } from '../../static/js/explorer/layout.js';
import { caretLine, valuesFor } from '../../static/js/explorer/editor.js';
import strings from '../../static/js/i18n/explorer.js';
import { resolveAnswer } from '../../static/js/answer.js';
import { opEntry, opSymbol, opTable, writtenOp } from '../../static/js/ops.js';

const fig = resolveAnswer(JSON.parse(readFileSync(new URL('./fixtures/fig615.json', import.meta.url))));
const ops = opTable(JSON.parse(readFileSync(new URL('./fixtures/ops.json', import.meta.url))));
const translator = (lang) => (key, params = {}) => (strings[lang][key] ?? key)
  .replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));

test('fmt: four significant digits, a true minus sign, non-finite spelled out', () => {
  assert.equal(fmt(-2), '−2');
  assert.equal(fmt(0.1 + 0.2), '0.3');
  assert.equal(fmt(-0.38441), '−0.3844');
  assert.equal(fmt(-0), '0');
  assert.equal(fmt(123456789), '1.235e+8');
  assert.equal(fmt(1.5e-7), '1.5e-7');
  assert.equal(fmt('NaN'), 'NaN');
  assert.equal(fmt('-Infinity'), '−∞');
  assert.equal(fmtTex(-10), '-10');
  assert.equal(fmtTex(1.5e-7), '1.5 \\times 10^{-7}');
  assert.equal(fmtTex('Infinity'), '\\infty');
});

test('tensors: shape, flattening, short vectors written out, hooks hold JSON', () => {
  assert.deepEqual(shapeOf([[1, 2, 3], [4, 5, 6]]), [2, 3]);
  assert.deepEqual(shapeOf(3), []);
  assert.deepEqual(flatten([[1, 'NaN'], [3, 4]]).map(String), ['1', 'NaN', '3', '4']);
  assert.equal(fmtAny([0.5, -1, 2]), '[0.5, −1, 2]');
  assert.equal(fmtAny([[1, 2], [3, 4]]), '[[1, 2], [3, 4]]');
  assert.equal(fmtAny([[0.24794]]), '[[0.2479]]');
  assert.equal(fmtAny([[1, 2, 3], [4, 5, 6]]), '[2×3]');
  assert.equal(fmtAny([1, 2, 3, 4, 5]), '[5]');
  assert.equal(hookValue([[1, 2]]), '[[1,2]]');
  assert.equal(hookValue(-2), '-2');
});

test('timeline: forward steps reveal values in order, backward steps reveal gradients and edges', () => {
  const n = stepCount(fig);
  assert.equal(n, 14);
  assert.deepEqual(phaseBounds(fig), { forward: 7, total: 14 });
  const start = stateAt(fig, 0);
  assert.equal(start.values.size, 0);
  assert.equal(start.current, null);
  for (let p = 1; p <= 7; p++) {
    const s = stateAt(fig, p);
    assert.deepEqual([...s.values], fig.forward_order.slice(0, p));
    assert.equal(s.grads.size, 0);
  }
  const afterL = stateAt(fig, 8);
  assert.deepEqual([...afterL.grads], ['L']);
  assert.deepEqual([...afterL.edges].sort(), [edgeId('L', 0), edgeId('L', 1)]);
  assert.deepEqual([...afterL.active].sort(), ['L:0', 'L:1']);
  const end = stateAt(fig, n);
  assert.equal(end.grads.size, fig.nodes.length);
  assert.equal(end.edges.size, edgesOf(fig).length);
  assert.equal(stateAt(fig, 99).position, n);
  assert.equal(clampStep(-3, fig), 0);
  assert.equal(clampStep('abc', fig), 0);
  assert.equal(valuesOnly(fig).values.size, fig.nodes.length);
});

test('edges: one per operand, an input used twice gives two edges', () => {
  const squared = resolveAnswer({ format: 2, nodes: [{ id: 'x', inputs: [] }, { id: '_1', inputs: [0, 1] }],
    edges: [{ id: 0, source: 'x', target: '_1', slot: 0 }, { id: 1, source: 'x', target: '_1', slot: 1 }], steps: [] });
  assert.deepEqual(edgesOf(squared).map((e) => e.id), ['_1:0', '_1:1']);
});

test('narration: the backward step of e in words, English and Chinese', () => {
  const step = fig.steps.find((s) => s.phase === 'backward' && s.node.id === 'e');
  assert.equal(describeStep(step, fig, translator('en')),
    'e receives upstream gradient −2; local ∂e/∂a = 1; sends −2 to a; local ∂e/∂d = 1; sends −2 to d');
  assert.equal(describeStep(step, fig, translator('zh')),
    'e 收到上游梯度 −2；局部梯度 ∂e/∂a = 1；向 a 传递 −2；局部梯度 ∂e/∂d = 1；向 d 传递 −2');
  const fwd = fig.steps.find((s) => s.phase === 'forward' && s.node.id === 'e');
  assert.equal(describeStep(fwd, fig, translator('en')), 'e = 5, from a = 3 and d = 2');
  const leaf = fig.steps.find((s) => s.phase === 'backward' && s.node.id === 'a');
  assert.match(describeStep(leaf, fig, translator('en')), /∂L\/∂a = −2$/);
  assert.equal(describeStep(null, fig, translator('en')), strings.en['explorer.narrate.reset']);
});

test('narration: a fan-out node sums what it receives', () => {
  const resp = resolveAnswer({ format: 2, output: 'L', nodes: [{ id: 'x', label: 'x', kind: 'input', grad: 7, inputs: [] },
    { id: 'u', label: 'u', kind: 'operation', inputs: [0, 1] }, { id: 'v', label: 'v', kind: 'operation', inputs: [2] },
    { id: 'L', label: 'L', kind: 'operation', inputs: [] }],
  edges: [{ id: 0, source: 'x', target: 'u', downstream: 2 }, { id: 1, source: 'x', target: 'u', downstream: 2 },
    { id: 2, source: 'x', target: 'v', downstream: 3 }],
  steps: [{ phase: 'backward', node: 'x', received: [0, 1, 2], edges: [] }] });
  const step = resp.steps[0];
  assert.match(describeStep(step, resp, translator('en')), /^x receives 3 gradients: 2 \+ 2 \+ 3 = 7/);
});

test('names: generated operations read by their symbol, captions say how a node is computed', () => {
  const byId = new Map(fig.nodes.map((n) => [n.id, n]));
  assert.equal(displayName({ id: '_3', label: '+', latex: 'u_{3}', kind: 'operation' }), 'u3');
  assert.equal(displayName(byId.get('_1')), '2');
  assert.equal(caption(byId.get('e'), byId, ops), 'a + d');
  assert.equal(caption(byId.get('d'), byId, ops), '2 × b');
  assert.equal(caption(byId.get('a'), byId, ops), '');
  // Where the op table's symbol goes: before a one-operand operator's operand, after it (xᵀ), or
  // a function's; without the table the op's name stands in.
  const node = (op, ...ids) => ({ kind: 'operation', op, inputs: ids.map((id) => ({ source: { id, kind: 'input', label: id, latex: id } })) });
  assert.equal(caption(node('neg', 'b'), byId, ops), '−b');
  assert.equal(caption(node('transpose', 'x'), byId, ops), 'xᵀ');
  assert.equal(caption(node('sigmoid', 'z'), byId, ops), 'σ(z)');
  assert.equal(caption(node('max', 'a', 'b'), byId, ops), 'max(a, b)');
  assert.equal(caption(node('mul', 'a', 'b'), byId, null), 'mul(a, b)');
  // log typed as ln (the answer's `spelling`) is captioned as typed, with or without the op table.
  assert.equal(caption({ ...node('log', 'x'), spelling: 'ln' }, byId, ops), 'ln(x)');
  assert.equal(caption({ ...node('log', 'x'), spelling: 'ln' }, byId, null), 'ln(x)');
  assert.equal(caption(node('log', 'x'), byId, ops), 'log(x)');
});

test('an op as written: one rule (ops.js writtenOp) behind its entry, its symbol and the words about it', () => {
  const ln = { kind: 'operation', op: 'log', spelling: 'ln', inputs: [] };
  const log = { kind: 'operation', op: 'log', inputs: [] };
  assert.deepEqual([writtenOp(ln), writtenOp(log), writtenOp('mul'), writtenOp(null)], ['ln', 'log', 'mul', null]);
  // The symbol is the entry's in the learner's notation, the name as written without the table.
  assert.equal(opSymbol(ops, ln), opEntry(ops, ln).symbol);
  assert.deepEqual([opSymbol(ops, ln), opSymbol(ops, log), opSymbol(ops, 'mul'), opSymbol(ops, 'sigmoid')], ['ln', 'log', '×', 'σ']);
  assert.deepEqual([opSymbol(null, ln), opSymbol(null, log), opSymbol(null, 'mul'), opSymbol(null, undefined)], ['ln', 'log', 'mul', '']);
});

test('a mixing op\'s local is written as its rule from the op table, not as its Jacobian\'s shape', () => {
  const src = (id, latex) => ({ source: { id, kind: 'input', latex, label: id } });
  const op = (name, ...inputs) => ({ id: '_3', kind: 'operation', op: name, latex: 'u_{3}', label: '', inputs });
  // u = W^[1] x: ∂u/∂W = xᵀ and ∂u/∂x = W^[1]ᵀ, as the step panel's δ xᵀ and Wᵀ δ.
  const u = op('matmul', src('W1', 'W^{[1]}'), src('x', 'x'));
  assert.deepEqual([localRule(u, 0, ops), localRule(u, 1, ops)], ['xᵀ', 'W[1]ᵀ']);
  assert.equal(localRule({ ...op('softmax', src('z', 'z')), id: 'a', latex: 'a' }, 0, ops), 'diag(a) − a aᵀ');
  assert.equal(localRule(op('softmax_ce', src('z', 'z'), src('y', 'y')), 0, ops), '(1/N)(softmax(z) − y)');
  // ce's rule depends on its label: targets (a one-hot y) send −log p / N to y; class indices (the
  // answer's case) pick onehot(y) and send y nothing.
  const ce = op('ce', src('p', 'p'), src('y', 'y'));
  assert.deepEqual([localRule(ce, 0, ops), localRule(ce, 1, ops)], ['−(1/N)(y/p)', '−(1/N)log p']);
  const indices = { ...ce, case: 'class_indices' };
  assert.deepEqual([localRule(indices, 0, ops), localRule(indices, 1, ops)], ['−(1/N)(onehot(y)/p)', '0']);
  assert.equal(localRule(op('transpose', src('x', 'x')), 0, ops), '(·)ᵀ', 'a rule, not the English word');
  assert.equal(localRule(u, 0, null), null, 'no op table: the caller keeps its numbers');
  assert.equal(plainTex('-\\frac{1}{N}\\frac{y}{p}'), '−(1/N)(y/p)');
  // The live region says the rule too, where it said "[2×2×2]".
  const edge = { slot: 0, local_form: 'jacobian', local: [[[1, 0]], [[0, 1]]], downstream: [[1, 2]], source: u.inputs[0].source };
  const resp = { byId: new Map([['_3', u]]), output: '_3' };
  const text = describeStep({ phase: 'backward', node: { ...u, grad: [1, 2] }, received: [], edges: [edge] }, resp, translator('en'), ops);
  assert.match(text, /local ∂u3\/∂W\[1\] = xᵀ/, text);
});

test('variable fields: values for the names the engine gives, new names at 1; the caret line', () => {
  assert.deepEqual(valuesFor(['a', 'b'], { a: 3, c: 9 }), { a: 3, b: 1 });
  assert.equal(caretLine(5), '    ^');
});

function randomDag(n, seed = 7) {
  let s = seed;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647;
  const nodes = [];
  const edges = [];
  for (let i = 0; i < n; i++) {
    nodes.push({ id: `n${i}`, width: 90, height: 60 });
    if (i < 5) continue;
    for (let k = 0; k < (rnd() < 0.6 ? 2 : 1); k++) edges.push({ source: `n${i - 1 - Math.floor(rnd() * Math.min(i, 12))}`, target: `n${i}` });
  }
  return { nodes, edges };
}

function assertLeftToRight({ positions }, { nodes, edges }) {
  assert.equal(positions.size, nodes.length);
  for (const e of edges) assert.ok(positions.get(e.source).x < positions.get(e.target).x, `${e.source} → ${e.target}`);
}

test('layered fallback: every edge points right and no two nodes overlap', () => {
  const g = randomDag(500);
  const laid = layeredLayout(g.nodes, g.edges);
  assertLeftToRight(laid, g);
  const seen = new Set();
  for (const p of laid.positions.values()) {
    const key = `${p.x}|${Math.round(p.y / 60)}`;
    assert.ok(!seen.has(key), 'overlap');
    seen.add(key);
  }
  assert.equal(laid.engine, 'layered');
});

test('layout: dagre for small graphs, the fallback above the limit, both left to right', () => {
  const small = { nodes: fig.nodes.map((n) => ({ id: n.id, width: 90, height: 60 })), edges: edgesOf(fig) };
  const laid = layoutGraph(small.nodes, small.edges);
  assert.equal(laid.engine, 'dagre');
  assertLeftToRight(laid, small);
  const big = randomDag(LIBRARY_NODE_LIMIT + 1);
  assert.equal(layoutGraph(big.nodes, big.edges).engine, 'layered');
});

test('every English string has a Chinese one and the same placeholders', () => {
  for (const [key, en] of Object.entries(strings.en)) {
    assert.ok(key in strings.zh, `missing zh: ${key}`);
    const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
    assert.equal(names(strings.zh[key]), names(en), key);
  }
});

test('values from a link: only names with numbers or lists of numbers survive', async () => {
  const { sanitizeValues } = await import('../../static/js/explorer/state.js');
  assert.deepEqual(sanitizeValues({ a: 3, b: [1, [2, 3]], c: 'x', d: null, e: {}, f: [], '<x>': 1, θ: -1 }), { a: 3, b: [1, [2, 3]], θ: -1 });
  assert.deepEqual(sanitizeValues([1, 2]), {});
  assert.deepEqual(sanitizeValues('3'), {});
  assert.deepEqual(sanitizeValues(null), {});
});

test('the Gradients panel lists an expression\'s inputs, and a network\'s parameters but not its data', () => {
  const listed = (answer) => gradientLeaves(answer, stateAt(answer, stepCount(answer)).grads).map((n) => n.id).sort();
  assert.deepEqual(listed(fig), ['a', 'b', 'c']);
  const net = resolveAnswer(JSON.parse(readFileSync(new URL('./fixtures/fig618_scalar.json', import.meta.url))));
  assert.deepEqual(listed(net), ['b1_1', 'b1_2', 'b2_1', 'w1_11', 'w1_12', 'w1_21', 'w1_22', 'w2_11', 'w2_12']);
  assert.deepEqual(gradientLeaves(net, new Set(['x1', 'y', 'w1_11'])).map((n) => n.id), ['w1_11'], 'only what the step reached');
});

test('a node is data when the engine marks it so (role "data"), not because it is an input with a layer', async () => {
  const { isDataInput, isUnlearnedInput } = await import('../../static/js/answer.js');
  const net = JSON.parse(readFileSync(new URL('./fixtures/fig618_scalar.json', import.meta.url)));
  assert.deepEqual(net.nodes.filter(isDataInput).map((n) => n.id), ['x1', 'x2', 'y']);
  assert.equal(isDataInput({ id: 'x1', kind: 'input', layer: 0 }), false, 'an input with a layer but no mark');
  assert.equal(isDataInput({ id: 'mask1', kind: 'input', layer: 1, role: 'mask' }), false);
  assert.equal(isUnlearnedInput({ id: 'mask1', kind: 'input', layer: 1, role: 'mask' }), true);
  assert.deepEqual(fig.nodes.filter(isDataInput), [], 'an expression has no data');
  const unmarked = { ...net, nodes: net.nodes.map(({ role, ...n }) => n) };
  const listed = gradientLeaves(resolveAnswer(unmarked), new Set(['x1', 'y', 'w1_11'])).map((n) => n.id);
  assert.deepEqual(listed.sort(), ['w1_11', 'x1', 'y'], 'the panel follows the mark too');
});
