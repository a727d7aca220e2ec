// Unit tests of the tensor node content (static/js/tensors/node_content.js) and the step panel's
// matrix arithmetic (static/js/tensors/matrix_steps.js), issue 12 items 1 and 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  MATRIX_MAX, asGrid, printedMatrix, heatMap, colourOf, tensorContent, entryAt, NEGATIVE, POSITIVE,
} from '../../static/js/tensors/node_content.js';
import { texMatrix, writtenProduct, tensorEdgeLines, tensorForward, transposed, PANEL_MAX } from '../../static/js/tensors/matrix_steps.js';

import { fmt } from '../../static/js/format.js';
import { opTable } from '../../static/js/ops.js';

const ops = opTable(JSON.parse(readFileSync(new URL('./fixtures/ops.json', import.meta.url))));

const W1 = [[0.5, -0.3], [0.2, 0.4]];

test('a vector is the textbook column, a matrix keeps its rows', () => {
  const v = asGrid([1, 2, 3]);
  assert.deepEqual([v.rows, v.cols, v.at(2, 0)], [3, 1, 3]);
  const m = asGrid([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual([m.rows, m.cols, m.at(1, 2)], [2, 3, 6]);
  assert.deepEqual([asGrid(7).rows, asGrid(7).at(0, 0)], [1, 7]);
});

test('a small matrix is printed entry by entry with the page formatter, columns aligned', () => {
  const p = printedMatrix([[0.123456, -1234.5678], [1e-7, 2]]);
  assert.equal(p.kind, 'matrix');
  assert.deepEqual(p.text, [[fmt(0.123456), fmt(-1234.5678)], [fmt(1e-7), '2']]);
  assert.equal(p.text[0][0], '0.1235'); // 4 significant digits
  assert.equal(p.text[0][1], '\u22121235'); // a true minus sign
  assert.deepEqual(p.widths, [Math.max(p.text[0][0].length, p.text[1][0].length), p.text[0][1].length]);
});

test('up to MATRIX_MAX × MATRIX_MAX is printed, anything larger becomes a heat map', () => {
  const square = (n) => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => i - j));
  assert.equal(tensorContent({ value: square(MATRIX_MAX) }).parts[0].kind, 'matrix');
  assert.equal(tensorContent({ value: square(MATRIX_MAX + 1) }).parts[0].kind, 'heatmap');
  assert.equal(tensorContent({ value: Array(MATRIX_MAX + 1).fill(1) }).parts[0].kind, 'heatmap');
  assert.equal(tensorContent({ value: 3 }), null); // scalars: the renderer's own text
});

test('value and grad are both shown once the grad is revealed', () => {
  const c = tensorContent({ value: W1, grad: [[0.1, 0.05], [-0.2, -0.1]] }, { value: true, grad: true });
  assert.deepEqual(c.parts.map((p) => p.which), ['value', 'grad']);
  assert.deepEqual(c.parts[1].text, [['0.1', '0.05'], ['\u22120.2', '\u22120.1']]);
  assert.ok(c.height > c.parts[0].height + c.parts[1].height - 1);
  assert.deepEqual(tensorContent({ value: W1, grad: W1 }).parts.map((p) => p.which), ['value']);
});

test('the heat map scale is symmetric around 0 and the legend gives its range', () => {
  const h = heatMap(Array.from({ length: 10 }, (_, i) => [i - 4, 0]));
  assert.equal(h.maxAbs, 5);
  assert.equal(h.legend.label, `${fmt(-5)} … ${fmt(5)}`);
  assert.equal(colourOf(5, 5), `rgb(${POSITIVE.join(', ')})`);
  assert.equal(colourOf(-5, 5), `rgb(${NEGATIVE.join(', ')})`);
  assert.equal(colourOf(0, 5), 'rgb(247, 247, 247)');
  assert.equal(colourOf(NaN, 5), 'rgb(0, 0, 0)');
  const cell = h.cells.find((c) => c.r === 9 && c.c === 0);
  assert.equal(cell.fill, colourOf(5, 5));
});

test('a tap on a heat map cell reads its entry; large sides fold into block means', () => {
  const h = heatMap(Array.from({ length: 10 }, (_, i) => [i, -i]));
  const hit = entryAt(h, h.cell * 1 + 1, h.cell * 3 + 1);
  assert.deepEqual([hit.row, hit.col, hit.value], [3, 1, -3]);
  assert.equal(entryAt(h, -1, 0), null);
  const big = heatMap(Array.from({ length: 100 }, (_, i) => Array(3).fill(i)));
  assert.deepEqual(big.block, [4, 1]);
  assert.equal(big.rows, 25);
  assert.equal(big.cells[0].v, (0 + 1 + 2 + 3) / 4);
});

test('texMatrix writes columns for vectors and rows for their transposes', () => {
  assert.equal(texMatrix([1, 0.5]), '\\begin{bmatrix}1 \\\\ 0.5\\end{bmatrix}');
  assert.equal(texMatrix([1, 0.5], { transpose: true }), '\\begin{bmatrix}1 & 0.5\\end{bmatrix}');
  assert.equal(texMatrix(-2), '-2');
  const long = texMatrix(Array.from({ length: PANEL_MAX + 5 }, (_, i) => i));
  assert.ok(long.includes('\\vdots') && long.includes(`${PANEL_MAX + 4}\\end`));
});

test('the product is written out entry by entry, negatives in parentheses', () => {
  const d = asGrid([0.1, -0.2]);
  const xt = transposed(asGrid([1, 0.5]));
  assert.equal(writtenProduct(d, xt),
    '\\begin{bmatrix}0.1 \\cdot 1 & 0.1 \\cdot 0.5 \\\\ (-0.2) \\cdot 1 & (-0.2) \\cdot 0.5\\end{bmatrix}');
  const wide = asGrid(Array.from({ length: 2 }, () => [1, 2, 3, 4]));
  assert.equal(writtenProduct(wide, transposed(wide)), null); // 4 terms per entry: too long to read
});

const names = { out: 'L', target: 'u', source: 'W^{[1]}', operands: ['W^{[1]}', 'x'] };

test('∂L/∂W = δ xᵀ with δ, xᵀ and the product printed', () => {
  const lines = tensorEdgeLines({
    op: 'matmul', slot: 0, operands: [W1, [1, 0.5]], upstream: [0.1, -0.2], localForm: 'jacobian',
    downstream: [[0.1, 0.05], [-0.2, -0.1]], names,
  });
  const tex = lines.map((l) => l.tex).join('\n');
  assert.deepEqual(lines.map((l) => l.key), ['delta', 'rule', 'product']);
  assert.ok(lines[0].tex.endsWith('\\begin{bmatrix}0.1 \\\\ -0.2\\end{bmatrix}'));
  assert.ok(lines[1].tex.includes('\\delta\\, {x}^{\\top}'));
  assert.ok(tex.includes('\\begin{bmatrix}1 & 0.5\\end{bmatrix}')); // xᵀ, a row
  assert.ok(lines[2].tex.endsWith('= \\begin{bmatrix}0.1 & 0.05 \\\\ -0.2 & -0.1\\end{bmatrix}'));
});

test('∂L/∂x = Wᵀ δ', () => {
  const lines = tensorEdgeLines({
    op: 'matmul', slot: 1, operands: [W1, [1, 0.5]], upstream: [0.1, -0.2], localForm: 'jacobian',
    downstream: [0.01, -0.11], names: { ...names, source: 'x' },
  });
  assert.ok(lines[1].tex.includes('{W^{[1]}}^{\\top} \\delta'));
  assert.ok(lines[2].tex.includes('\\begin{bmatrix}0.5 & 0.2 \\\\ -0.3 & 0.4\\end{bmatrix}')); // Wᵀ
  assert.ok(lines[2].tex.includes('0.5 \\cdot 0.1 + 0.2 \\cdot (-0.2)'));
});

test('∂L/∂b = δ, summed over the columns of a batch', () => {
  const one = tensorEdgeLines({ op: 'add', slot: 1, operands: [[1, 2], [0.1, -0.1]], upstream: [0.1, -0.2],
    localForm: 'elementwise', local: [1, 1], downstream: [0.1, -0.2], names: { ...names, target: 'z^{[1]}', source: 'b^{[1]}' } });
  assert.equal(one[1].key, 'rule');
  const batch = tensorEdgeLines({ op: 'add', slot: 1, operands: [[[1, 2], [3, 4]], [[0.1], [-0.1]]], upstream: [[1, 2], [3, 4]],
    localForm: 'elementwise', local: [[1, 1], [1, 1]], downstream: [[3], [7]], names: { ...names, source: 'b^{[1]}' } });
  assert.equal(batch[1].key, 'sum');
  assert.ok(batch[1].tex.endsWith('\\begin{bmatrix}3 \\\\ 7\\end{bmatrix}'));
});

test('an elementwise op shows upstream ⊙ local = downstream as vectors', () => {
  const lines = tensorEdgeLines({ op: 'tanh', slot: 0, operands: [[0, 1, 2]], upstream: [1, 1, 1],
    localForm: 'elementwise', local: [1, 0.42, 0.0707], downstream: [1, 0.42, 0.0707], names: { ...names, target: 'a', source: 'z' } });
  assert.equal(lines[1].key, 'elementwise');
  assert.ok(lines[1].tex.includes('\\odot \\begin{bmatrix}1 \\\\ 0.42 \\\\ 0.0707\\end{bmatrix} = '));
  assert.equal(tensorEdgeLines({ op: 'mul', slot: 0, operands: [2, 3], upstream: 1, downstream: 3, names }), null);
});

// --- The network form keeps given weights through layer changes (issue 12 item 5) ---------------
import { parameterShapes, weightsFit, resizeWeights, FIGURE_6_18 } from '../../static/js/explorer/network_form.js';

test('parameterShapes follows z = W x + b: W^[i] is n_i × n_{i−1}', () => {
  assert.deepEqual(parameterShapes({ input_size: 2, layers: [{ units: 3 }, { units: 1 }] }),
    { W1: [3, 2], b1: [3], W2: [1, 3], b2: [1] });
  assert.ok(weightsFit(FIGURE_6_18.weights, parameterShapes(FIGURE_6_18)));
  assert.ok(!weightsFit(FIGURE_6_18.weights, parameterShapes({ input_size: 2, layers: [{ units: 3 }, { units: 1 }] })));
  assert.ok(!weightsFit({ ...FIGURE_6_18.weights, W3: [[1]] }, parameterShapes(FIGURE_6_18)));
  assert.ok(!weightsFit({ ...FIGURE_6_18.weights, W1: [[1, 2], [3]] }, parameterShapes(FIGURE_6_18)));
});

test('resizing keeps every entry that fits and draws only the new ones', () => {
  const shapes = parameterShapes({ input_size: 2, layers: [{ units: 3 }, { units: 1 }] });
  const fresh = { W1: [[9, 9], [9, 9], [9, 9]], b1: [9, 9, 9], W2: [[9, 9, 9]], b2: [9] };
  const { weights, fresh: added } = resizeWeights(FIGURE_6_18.weights, shapes, fresh, [1, 2]);
  assert.deepEqual(weights, { W1: [[0.5, -0.3], [0.2, 0.4], [9, 9]], b1: [0.1, -0.1, 9], W2: [[0.7, -0.6, 9]], b2: [0.05] });
  assert.equal(added, 4);
});

test('a layer inserted before the output leaves the output its weights', () => {
  const old = { W1: [[0.5, -0.3], [0.2, 0.4], [1, 2]], b1: [0.1, -0.1, 0], W2: [[0.7, -0.6, 0.3]], b2: [0.05] };
  const shapes = parameterShapes({ input_size: 2, layers: [{ units: 3 }, { units: 2 }, { units: 1 }] });
  const fresh = Object.fromEntries(Object.entries(shapes).map(([k, s]) => [k, s.length === 1 ? Array(s[0]).fill(8) : Array.from({ length: s[0] }, () => Array(s[1]).fill(8))]));
  const { weights, fresh: added } = resizeWeights(old, shapes, fresh, [1, null, 2]);
  assert.deepEqual(weights.W1, old.W1);
  assert.deepEqual(weights.W2, [[8, 8, 8], [8, 8, 8]]);
  assert.deepEqual(weights.W3, [[0.7, -0.6]]); // old W2's entries that fit 1 × 2
  assert.deepEqual(weights.b3, [0.05]);
  assert.equal(added, 6 + 2);
});

// --- "Show this update": the optimiser's step with its numbers (issue 12 item 4) -------------------
import { stepColumns, stepLines, tableRows, l2Of, firstCursor } from '../../static/js/training/update_view.js';

const adamItem = {
  parameter: 'W1', value: [[1, 2]], grad: [[0.5, -0.5]], l2_grad: [[0.01, 0.02]], update: [[-0.1, 0.1]],
  new_value: [[0.9, 2.1]], state: { m: [[0.05, -0.05]], v: [[0.00025, 0.00025]], m_hat: [[0.5, -0.5]], v_hat: [[0.25, 0.25]] },
};

test('the update table has a column per quantity the optimiser computes', () => {
  assert.deepEqual(stepColumns('sgd'), ['value', 'grad', 'update', 'after']);
  assert.deepEqual(stepColumns('momentum', 0.01), ['value', 'grad', 'l2_grad', 'velocity', 'update', 'after']);
  assert.deepEqual(stepColumns('adam'), ['value', 'grad', 'm', 'v', 'm_hat', 'v_hat', 'update', 'after']);
  const rows = tableRows([adamItem]);
  assert.deepEqual(rows.map((r) => r.name), ['W1[1,1]', 'W1[1,2]']);
  assert.deepEqual([rows[1].m, rows[1].v_hat, rows[1].after, rows[1].l2_grad], [-0.05, 0.25, 2.1, 0.02]);
  assert.equal(l2Of([adamItem]), 0.01);
  assert.deepEqual(firstCursor(), { epoch: 0, batch: 0 });
});

test('Adam is written as m, v, m̂, v̂ and θ with their numbers', () => {
  const lines = stepLines(adamItem, { name: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, t: 1 });
  assert.equal(lines.length, 6);
  assert.ok(lines[0].startsWith('g = \\frac{\\partial L}{\\partial W^{[1]}} = \\begin{bmatrix}0.5 & -0.5'));
  assert.ok(lines[1].startsWith('m \\leftarrow 0.9\\, m + 0.1\\, g = \\begin{bmatrix}0.05 & -0.05'));
  assert.ok(lines[3].includes('{1 - 0.9^{1}}') && lines[3].endsWith('\\begin{bmatrix}0.5 & -0.5\\end{bmatrix}'));
  assert.ok(lines[5].startsWith('W^{[1]} \\leftarrow W^{[1]} - 0.1\\,'));
  assert.ok(lines[5].endsWith('= \\begin{bmatrix}0.9 & 2.1\\end{bmatrix}'));
});

test('SGD with L2 shows g = ∂L/∂W + λW, then θ − η g; momentum shows v', () => {
  const sgd = stepLines({ ...adamItem, state: {} }, { name: 'sgd', lr: 0.1 }, 0.01);
  assert.ok(sgd[0].includes('+ \\lambda W^{[1]}') && sgd[0].endsWith('\\begin{bmatrix}0.51 & -0.48\\end{bmatrix}'));
  assert.ok(sgd[1].includes('- 0.1\\, \\begin{bmatrix}0.51 & -0.48\\end{bmatrix}'));
  const bias = stepLines({ ...adamItem, parameter: 'b1', state: {} }, { name: 'sgd', lr: 0.1 }, 0.01);
  assert.ok(!bias[0].includes('lambda')); // biases are not decayed
  const mom = stepLines({ ...adamItem, state: { velocity: [[0.5, -0.5]] } }, { name: 'momentum', lr: 0.1, momentum: 0.9 });
  assert.ok(mom[1].startsWith('v \\leftarrow 0.9\\, v + g'));
});

// --- Tensor nodes in the renderer, and the layer ↔ scalar link (issue 12 items 1, 3) ---------------
import { nodeLayout, partLayout } from '../../static/js/tensors/matrix_content.js';
import { scalarIdOf, entryOfScalarId, entryNumbers, selection } from '../../static/js/tensors/selection.js';

const measure = (text, px) => String(text).length * px * 0.6;
const env = { textWidth: measure, words: { value: ['value', '值'], grad: ['grad', '梯度'] }, title: 'W[1]  [2×2]' };

test('a node keeps room for its gradient before it is revealed, so stepping never resizes it', () => {
  const W = { id: 'W1', kind: 'parameter', value: W1, grad: [[0.1, 0.05], [-0.2, -0.1]] };
  const both = nodeLayout(W, env);
  assert.ok(both.side && both.grad && both.value.kind === 'matrix');
  assert.ok(both.width >= both.value.slot + both.grad.slot);
  const big = nodeLayout({ id: 'x', kind: 'input', value: Array.from({ length: 20 }, (_, i) => [i, -i]), grad: null }, env);
  assert.equal(big.value.kind, 'heatmap');
  assert.equal(big.grad, null); // an input without a gradient reserves none
  const wide = partLayout(Array.from({ length: 8 }, () => Array(8).fill(-0.123456)), measure);
  assert.equal(wide.widths.length, 8);
  assert.equal(wide.widths[0], Math.ceil(measure('\u22120.1235', 12)));
});

test('w^[i]_jk is W^[i][j−1][k−1]: ids and numbers agree between the views', () => {
  const entry = { letter: 'w', layer: 1, j: 1, k: 2 };
  assert.equal(scalarIdOf(entry), 'w1_12');
  assert.deepEqual(entryOfScalarId('w1_12'), entry);
  assert.deepEqual(entryOfScalarId('b2_1'), { letter: 'b', layer: 2, j: 1, k: null });
  assert.equal(entryOfScalarId('x1'), null);
  assert.equal(entryOfScalarId('w1_1'), null);
  const parameters = { W1: { value: W1, grad: [[0.1, 0.05], [-0.2, -0.1]] }, b1: { value: [0.1, -0.1], grad: [1, 2] } };
  assert.deepEqual(entryNumbers(parameters, entry), { value: -0.3, grad: 0.05 });
  assert.deepEqual(entryNumbers(parameters, entryOfScalarId('b1_2')), { value: -0.1, grad: 2 });
  let seen = null;
  const stop = selection.subscribe((e) => { seen = e; });
  selection.set(entry);
  stop();
  assert.equal(seen, entry);
  assert.equal(selection.get(), entry);
});

test('a forward step on tensors writes the op table\'s formula with the matrices', () => {
  const forward = (op, inputs, value) => tensorForward(op, inputs, value, ops);
  // matmul's template is "#1 #2": the matrices side by side, as the node's formula W x.
  assert.equal(forward('matmul', [W1, [1, 0.5]], [0.35, 0.4]),
    '\\begin{bmatrix}0.5 & -0.3 \\\\ 0.2 & 0.4\\end{bmatrix} \\begin{bmatrix}1 \\\\ 0.5\\end{bmatrix} = \\begin{bmatrix}0.35 \\\\ 0.4\\end{bmatrix}');
  assert.ok(forward('add', [[0.35, 0.4], [0.1, -0.1]], [0.45, 0.3]).includes('\\end{bmatrix} + \\begin{bmatrix}0.1'));
  // A function's parentheses grow around the matrix; its name is the op table's.
  assert.ok(forward('relu', [[0.45, -0.3]], [0.45, 0]).startsWith('\\mathrm{ReLU}\\left(\\begin{bmatrix}0.45'));
  assert.ok(forward('sigmoid', [[0.45, -0.3]], [0.61, 0.43]).startsWith('\\sigma\\left(\\begin{bmatrix}0.45'));
  // Where the op table writes an op otherwise than the old private table did, the op table wins:
  // e^{Z} (not \exp(Z)), |Z| (not abs(Z)), a product with the op table's \cdot.
  assert.ok(forward('exp', [[0, 1]], [1, Math.E]).startsWith('e^{\\begin{bmatrix}0'));
  assert.ok(forward('abs', [[-1, 2]], [1, 2]).startsWith('\\left|\\begin{bmatrix}-1'));
  assert.ok(forward('mul', [2, [1, -1]], [2, -2]).startsWith('2 \\cdot \\begin{bmatrix}1'));
  // A negative scalar after an operator keeps its parentheses; a leaky slope left out is the default.
  assert.ok(forward('mul', [[1, -1], -2], [-2, 2]).includes('\\cdot (-2) ='));
  assert.ok(forward('leaky_relu', [[1, -1]], [1, -0.01]).startsWith('\\mathrm{LeakyReLU}\\left(\\begin{bmatrix}1 \\\\ -1\\end{bmatrix}, 0.01\\right)'));
  // Every op the table knows fills every placeholder (no #k is left for KaTeX to print).
  for (const [name, entry] of ops) {
    const n = Array.isArray(entry.arity) ? entry.arity[0] : entry.arity;
    const line = forward(name, Array.from({ length: Math.max(n, 1) }, () => [1, 2]), [3, 4]);
    assert.ok(!/#\d/.test(line), `${name}: ${line}`);
  }
  // An alias (a named copy) is its value alone; no op table, or an op it does not know: the value.
  assert.equal(forward('identity', [[1, 2]], [1, 2]), texMatrix([1, 2]));
  assert.equal(tensorForward('relu', [[1, 2]], [1, 2], null), texMatrix([1, 2]));
  assert.equal(forward('no_such_op', [[1, 2]], [1, 2]), texMatrix([1, 2]));
  assert.equal(forward('mul', [2, 3], 6), null);
});

test('every tensors string has a Chinese one with the same placeholders', async () => {
  const { default: strings } = await import('../../static/js/i18n/tensors.js');
  assert.deepEqual(Object.keys(strings.zh).sort(), Object.keys(strings.en).sort());
  const holes = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [key, en] of Object.entries(strings.en)) assert.deepEqual(holes(strings.zh[key]), holes(en), key);
});
