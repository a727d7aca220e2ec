// Pure parts of the fixes a user test of the explorer asked for: number format,
// labels in textbook notation, edge-label offsets. Run by node --test (tests/js/test_node_unit.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';

test('names are the textbook symbols in plain text', async () => {
  const { displayName, plainSymbol } = await import('../../static/js/explorer/narrate.js');
  const named = (id, latex) => displayName({ id, label: id, latex, kind: 'parameter' });
  assert.equal(named('w1_11', 'w^{[1]}_{11}'), 'w[1]₁₁');
  assert.equal(named('z2', 'z^{[2]}'), 'z[2]');
  assert.equal(named('x1', 'x_{1}'), 'x₁');
  assert.equal(named('yhat', '\\hat{y}'), 'ŷ');
  assert.equal(named('x_in', 'x_{in}'), 'x_in');
  assert.equal(plainSymbol('\\mathrm{loss}'), 'loss');
  assert.equal(plainSymbol('\\theta_{1}'), 'θ₁');
  assert.equal(displayName({ id: '_1', label: '2', latex: '2', kind: 'constant' }), '2');
});

test('narration: a constant needs no gradient, and none is sent to it', async () => {
  const { describeStep } = await import('../../static/js/explorer/narrate.js');
  const t = (key, p = {}) => `${key}(${Object.values(p).join(',')})`;
  const { resolveAnswer } = await import('../../static/js/answer.js');
  const resp = resolveAnswer({ format: 2, output: 'd', nodes: [
    { id: '_1', label: '2', latex: '2', kind: 'constant', grad: -2, inputs: [] },
    { id: 'b', label: 'b', latex: 'b', kind: 'input', inputs: [] },
    { id: 'd', label: 'd', latex: 'd', kind: 'operation', op: 'mul', grad: 1, inputs: [0, 1] }],
  edges: [{ id: 0, source: '_1', target: 'd', slot: 0, local: 1, downstream: 1 },
    { id: 1, source: 'b', target: 'd', slot: 1, local: 2, downstream: 2 }],
  steps: [{ phase: 'backward', node: '_1', received: [0], edges: [] }, { phase: 'backward', node: 'd', received: [], edges: [0, 1] }] });
  const own = describeStep(resp.steps[0], resp, t);
  assert.equal(own, 'explorer.step.constant(2)');
  const d = describeStep(resp.steps[1], resp, t);
  assert.match(d, /explorer\.step\.constantEdge\(2,d\)/);
  assert.doesNotMatch(d, /sends\(2,/);
  assert.match(d, /explorer\.narrate\.sends\(b,2\)/);
});

test('numbers: integer digits are never rounded away; short numbers stay short', async () => {
  const { fmt, fmtTex, fmtAny } = await import('../../static/js/format.js');
  assert.equal(fmt(-98765.4321), '−98765.4');
  assert.equal(fmt(12345.678), '12345.7');
  assert.equal(fmt(999999.94), '999999.9');
  assert.equal(fmt(1234.5678), '1235');
  assert.equal(fmt(-2), '−2');
  assert.equal(fmt(0.24787), '0.2479');
  assert.equal(fmt(-9876543.21), '−9.877e+6');
  assert.equal(fmtTex(-98765.4321), '-98765.4');
  assert.equal(fmtAny([98765.4321, 1]), '[98765.4, 1]');
});

test('edge labels in one column are spread apart, centred where they were; others stay put', async () => {
  const { spreadLabels } = await import('../../static/js/graph/scene.js');
  const out = spreadLabels(new Map([['a', [100, 50]], ['b', [102, 55]], ['c', [101, 58]], ['far', [300, 55]], ['low', [104, 300]]]), { width: 80, height: 30 });
  const ys = ['a', 'b', 'c'].map((id) => out.get(id)[1]);
  assert.ok(ys[1] - ys[0] >= 30 - 1e-9 && ys[2] - ys[1] >= 30 - 1e-9, String(ys));
  assert.ok(Math.abs((ys[0] + ys[1] + ys[2]) / 3 - (50 + 55 + 58) / 3) < 1e-9, 'centred on the original places');
  assert.deepEqual(out.get('far'), [300, 55]);
  assert.deepEqual(out.get('low'), [104, 300]);
  assert.equal(out.get('b')[0], 102, 'x is kept');
});
