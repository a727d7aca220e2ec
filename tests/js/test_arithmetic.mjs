// Unit tests of the step panel's arithmetic (static/js/explorer/arithmetic.js): every operation's
// formula from the engine's op table, negatives and tiny numbers as operands, tensors, fan-out sums and
// the chain rule per edge. The fixtures are engine responses and GET /api/v1/ops's table
// (tests/js/fixtures/make_fixtures.py; tests/app/test_js_fixtures.py keeps them current), so the
// numbers substituted are checked against what the engine computed with the engine's own templates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  texOf, operand, substituted as substitutedWith, forwardArithmetic as forwardWith, edgeArithmetic, upstreamSum,
  localArithmetic,
} from '../../static/js/explorer/arithmetic.js';
import { opTable } from '../../static/js/ops.js';
import { fmtTex } from '../../static/js/format.js';
import { resolveAnswer } from '../../static/js/answer.js';

const load = (name) => resolveAnswer(JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url))));
const fig = load('fig615.json');
const fanout = load('fanout.json');
const ops = load('scalar_ops.json');
const table = opTable(JSON.parse(readFileSync(new URL('./fixtures/ops.json', import.meta.url))));
const substituted = (op, values) => substitutedWith(op, values, table);
const forwardArithmetic = (op, inputs, value) => forwardWith(op, inputs, value, table);
// The engine refuses scalars for these (a @ b: "use * to multiply by a scalar"), so the panel never
// substitutes numbers into them.
const TENSOR_ONLY = ['matmul', 'softmax', 'ce', 'softmax_ce'];
const SCALAR_OPS = [...table.keys()].filter((op) => !TENSOR_ONLY.includes(op)).sort();
const step = (response, phase, node) => response.steps.find((s) => s.phase === phase && s.node.id === node);
const nodeOf = (response, id) => response.nodes.find((n) => n.id === id);
/** What the panel writes after "formula =" on a forward step (given the node: an op typed by an alias
 *  with its own notation, ln, keeps it). */
const forwardLine = (response, id) => {
  const { node } = step(response, 'forward', id);
  return forwardArithmetic(node, node.inputs.map((e) => e.source), node.value);
};

// Reads the filled templates' LaTeX back as JavaScript, so numbers put in the wrong place or into the
// wrong operation compute a different number than the engine did.
const sigma = (z) => 1 / (1 + Math.exp(-z));
const FUNCS = {
  sigma, relu: (z) => (z < 0 ? 0 : z), lrelu: (z, s = 0.01) => (z < 0 ? z * s : z),
  bce: (p, y) => -(y * Math.log(p) + (1 - y) * Math.log(1 - p)), mean: (x) => x,
};
function evalTex(tex) {
  let js = tex;
  for (let i = 0; i < 3; i++) { // innermost braces first; our templates nest at most twice
    js = js
      .replace(/ \\times 10\^\{(-?\d+)\}/g, 'e$1')
      .replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, '(($1)/($2))')
      .replace(/e\^\{([^{}]*)\}/g, 'Math.exp($1)')
      .replace(/\{([^{}]*)\}\^\{\\top\}/g, '($1)')
      .replace(/\{([^{}]*)\}\^\{([^{}]*)\}/g, '(($1)**($2))')
      .replace(/\\sqrt\{([^{}]*)\}/g, 'Math.sqrt($1)');
  }
  js = js
    .replace(/\\text\{NaN\}/g, 'NaN')
    .replace(/\\infty/g, 'Infinity')
    .replace(/\\left\|(.*?)\\right\|/g, 'Math.abs($1)')
    .replace(/\\times|\\cdot/g, '*')
    .replace(/\\(log|sin|cos|tanh|max|min) ?\(/g, 'Math.$1(')
    .replace(/\\ln /g, '\\log ')
    .replace(/\\(log|sin|cos|tanh) ([^\s()]+)/g, 'Math.$1($2)')
    .replace(/\\sum /g, '')
    .replace(/\\operatorname\{mean\}\(/g, 'mean(')
    .replace(/\\sigma\(/g, 'sigma(')
    .replace(/\\mathrm\{ReLU\}\(/g, 'relu(')
    .replace(/\\mathrm\{LeakyReLU\}\(/g, 'lrelu(')
    .replace(/\\mathrm\{BCE\}\(/g, 'bce(');
  assert.doesNotMatch(js, /[\\{}]/, `not read back: ${tex} -> ${js}`);
  return Function(...Object.keys(FUNCS), `return ${js};`)(...Object.values(FUNCS));
}

test('figure 6.15: each forward line substitutes the inputs and ends in the value', () => {
  assert.equal(forwardLine(fig, 'd'), '2 \\cdot 1 = 2');
  assert.equal(forwardLine(fig, 'e'), '3 + 2 = 5');
  assert.equal(forwardLine(fig, 'L'), '-2 \\cdot 5 = -10');
  // The same shape as the engine's node formula, whose operands the numbers replace.
  assert.equal(nodeOf(fig, 'L').formula, 'L = c \\cdot e');
});

test('every operation that takes scalars, with a negative operand where the operation allows one', () => {
  const cases = {
    add: [[3, -2, 0.5], '3 + (-2) + 0.5'],
    sub: [[3, -2], '3 - (-2)'],
    mul: [[3, -2], '3 \\cdot (-2)'],
    div: [[3, -2], '\\frac{3}{-2}'],
    pow: [[-2, 2], '{(-2)}^{2}'],
    neg: [[-2], '-(-2)'],
    identity: [[-2], '-2'],
    exp: [[-2], 'e^{-2}'],
    log: [[3], '\\log 3'],
    sqrt: [[3], '\\sqrt{3}'],
    abs: [[-2], '\\left|-2\\right|'],
    sin: [[-2], '\\sin (-2)'],
    cos: [[-2], '\\cos (-2)'],
    tanh: [[-2], '\\tanh (-2)'],
    sigmoid: [[-2], '\\sigma(-2)'],
    relu: [[-2], '\\mathrm{ReLU}(-2)'],
    leaky_relu: [[-2, 0.5], '\\mathrm{LeakyReLU}(-2, 0.5)'],
    max: [[-2, 3], '\\max(-2, 3)'],
    min: [[3, -2], '\\min(3, -2)'],
    sum: [[3], '\\sum 3'],
    mean: [[-2], '\\operatorname{mean}(-2)'],
    transpose: [[-2], '{(-2)}^{\\top}'],
    bce: [[0.25, 1], '\\mathrm{BCE}(0.25, 1)'],
  };
  assert.deepEqual(Object.keys(cases).sort(), SCALAR_OPS, 'a case for every op of the table that takes scalars');
  for (const [op, [values, expected]] of Object.entries(cases)) {
    assert.equal(substituted(op, values), expected, op);
  }
  // leaky_relu's slope left out takes the table's default, as the engine's own formula writes it.
  assert.equal(substituted('leaky_relu', [-2]), '\\mathrm{LeakyReLU}(-2, 0.01)');
  assert.equal(nodeOf(ops, 's16').formula, 's_{16} = \\mathrm{LeakyReLU}(b, 0.01)');
  assert.equal(substituted('add', [-2, 3]), '-2 + 3', 'a leading negative reads right without parentheses');
});

test('nothing is substituted without an entry in the op table, or without numbers', () => {
  for (const op of ['no_such_op', null]) assert.equal(substituted(op, [1, 2]), null, String(op));
  assert.equal(substituted('add', []), null);
  assert.equal(substitutedWith('add', [1, 2], null), null, 'op table not loaded: the value alone');
  assert.equal(forwardWith('add', [{ value: 1 }, { value: 2 }], 3, null), '3');
});

test('every scalar operation of the engine: the substituted numbers recompute the engine value', () => {
  const seen = new Set();
  for (const node of ops.nodes.filter((n) => n.kind === 'operation')) {
    const line = forwardLine(ops, node.id);
    seen.add(node.op);
    const [lhs, rhs] = line.includes(' = ') ? line.split(' = ') : [line, line];
    assert.equal(rhs, fmtTex(node.value), `${node.id}: the line ends in the value`);
    // Rounding the inputs to 4 digits moves the result by at most about 5e-4 of their size.
    const tolerance = 1e-3 * (1 + Math.abs(node.value) + node.inputs.reduce((m, i) => m + Math.abs(i.source.value), 0));
    assert.ok(Math.abs(evalTex(lhs) - node.value) <= tolerance, `${node.id} (${node.op}): ${line} vs ${node.value}`);
  }
  assert.deepEqual([...seen].sort(), SCALAR_OPS, 'the fixture covers every op that takes scalars');
  assert.equal(forwardLine(ops, 's5'), '{(-2)}^{2} = 4');
  assert.equal(forwardLine(ops, 's7'), 'e^{-2} = 0.1353');
  assert.equal(forwardLine(ops, 's21'), '\\mathrm{BCE}(0.25, 1) = 1.386');
});

test('log typed as ln is written ln, from the op table\'s notation for it; the op stays log', () => {
  const ln = ops.nodes.find((n) => n.spelling === 'ln');
  assert.equal(ln.op, 'log');
  assert.equal(ln.label, 'ln');
  assert.equal(ln.formula, 'u_{1} = \\ln a');
  assert.equal(forwardLine(ops, ln.id), '\\ln 3 = 1.099');
  assert.equal(forwardLine(ops, 's8'), '\\log 3 = 1.099', 'log typed as log stays log');
  assert.equal(substituted('log', [3]), '\\log 3', 'an op name alone: the op\'s own notation');
  // The derivative is the op's one rule, whatever the spelling.
  assert.equal(ln.inputs[0].formula, '\\frac{\\partial u_{1}}{\\partial a} = \\frac{1}{a}');
});

test('a substitution that would only repeat the value is left out (no "= 1.5 = 1.5")', () => {
  assert.equal(forwardLine(ops, 's22'), '1.5'); // identity: s22 = s1
  assert.equal(forwardLine(ops, 's18'), '\\sum 3 = 3'); // sum of a scalar: the formula differs from the value
  assert.equal(forwardArithmetic('neg', [{ value: 2 }], -2), '-2');
  assert.equal(forwardArithmetic('neg', [{ value: -2 }], 2), '-(-2) = 2');
});

test('tensors keep the fallback: the value alone (short vector or shape)', () => {
  assert.equal(forwardArithmetic('add', [{ value: [1, 2] }, { value: [3, 4] }], [4, 6]), '\\left[4,\\ 6\\right]');
  assert.equal(forwardArithmetic('sum', [{ value: [[1, 2, 3], [4, 5, 6]] }], 21), '21');
  assert.equal(forwardArithmetic('matmul', [{ value: [[1, 2]] }, { value: [[1], [2]] }], [[5]]), '\\text{[1×1]}');
  assert.equal(forwardArithmetic('mul', [{ value: 2 }, { value: [1, 2, 3, 4, 5] }], [2, 4, 6, 8, 10]), '\\text{[5]}');
});

test('operands: negatives and ×10^k numbers in parentheses, non-finite numbers spelled out', () => {
  assert.equal(operand(-2), '(-2)');
  assert.equal(operand(0.5), '0.5');
  assert.equal(operand(1.5e-7), '(1.5 \\times 10^{-7})');
  assert.equal(operand('-Infinity'), '(-\\infty)');
  assert.equal(operand('NaN'), '\\text{NaN}');
  assert.equal(operand([1, -2]), '\\left[1,\\ -2\\right]');
  assert.equal(substituted('mul', [2, 1.5e-7]), '2 \\cdot (1.5 \\times 10^{-7})');
  assert.equal(forwardArithmetic('log', [{ value: 0 }], '-Infinity'), '\\log 0 = -\\infty');
  assert.equal(forwardArithmetic('log', [{ value: 1.5e-7 }], -15.71), '\\log (1.5 \\times 10^{-7}) = -15.71');
  assert.equal(substituted('mul', [1 / 3, 2]), '0.3333 \\cdot 2', 'the page\'s 4 significant digits');
  assert.equal(texOf(-0), '0');
});

test('backward edges: upstream × local = downstream, a negative local in parentheses', () => {
  const arith = (response, id) => step(response, 'backward', id).edges
    .map((e) => edgeArithmetic(nodeOf(response, id).grad, e));
  assert.deepEqual(arith(fig, 'L'), ['1 \\times 5 = 5', '1 \\times (-2) = -2']);
  assert.deepEqual(arith(fig, 'e'), ['-2 \\times 1 = -2', '-2 \\times 1 = -2']);
  assert.deepEqual(arith(fig, 'd'), ['-2 \\times 1 = -2', '-2 \\times 2 = -4']);
  assert.deepEqual(arith(fig, 'a'), []);
  assert.equal(edgeArithmetic(1, { local: 'NaN', downstream: 'NaN' }), '1 \\times \\text{NaN} = \\text{NaN}');
  assert.equal(edgeArithmetic(2, { local: 1.5e-7, downstream: 3e-7 }), '2 \\times (1.5 \\times 10^{-7}) = 3 \\times 10^{-7}');
});

test('tensor edges and left-out Jacobians have no one-line arithmetic', () => {
  assert.equal(edgeArithmetic([1, 2], { local: [[1, 0], [0, 1]], downstream: [1, 2] }), null);
  assert.equal(edgeArithmetic(1, { local: [1, 1, 1], downstream: [1, 1, 1] }), null, 'sum of a vector');
  assert.equal(edgeArithmetic([[1, 2]], { local: null, downstream: [[3, 4]] }), null);
});

test('fan-out: the upstream is the sum of what every use sent, and each edge uses that sum', () => {
  const a = step(fanout, 'backward', 'a');
  assert.equal(a.received.length, 3, 'a·a sends twice, p once');
  assert.equal(upstreamSum(a.received, a.node.grad), '-3 + (-3) + 2 = -4');
  const square = step(fanout, 'backward', '_1');
  assert.deepEqual(square.edges.map((e) => edgeArithmetic(square.node.grad, e)),
    ['1 \\times (-3) = -3', '1 \\times (-3) = -3']);
  assert.equal(upstreamSum([{ downstream: [1, 2] }, { downstream: [-1, 0] }], [0, 2]),
    '\\left[1,\\ 2\\right] + \\left[-1,\\ 0\\right] = \\left[0,\\ 2\\right]');
});

test('every scalar edge of every fixture: its product is the downstream the engine sent', () => {
  let count = 0;
  for (const response of [fig, fanout, ops]) {
    for (const s of response.steps.filter((x) => x.phase === 'backward')) {
      for (const edge of s.edges) {
        const text = edgeArithmetic(s.node.grad, edge);
        const [product, result] = text.split(' = ');
        assert.equal(result, fmtTex(edge.downstream));
        const down = typeof edge.downstream === 'number' ? edge.downstream : NaN;
        const got = evalTex(product);
        if (Number.isNaN(down)) assert.ok(Number.isNaN(got), text);
        else assert.ok(Math.abs(got - down) <= 1e-3 * (1 + Math.abs(down) + Math.abs(s.node.grad)), `${s.node.id}: ${text}`);
        count += 1;
      }
    }
  }
  assert.ok(count > 50, `only ${count} edges checked`);
});

test('local line: the number follows the symbolic formula unless it already ends in it', () => {
  const eEdges = step(fig, 'backward', 'e').edges;
  assert.equal(localArithmetic(eEdges[0]), '\\frac{\\partial e}{\\partial a} = 1');
  const lEdges = step(fig, 'backward', 'L').edges;
  assert.equal(localArithmetic(lEdges[1]), '\\frac{\\partial L}{\\partial e} = c = -2');
  const dEdges = step(fig, 'backward', 'd').edges;
  assert.equal(localArithmetic(dEdges[1]), '\\frac{\\partial d}{\\partial b} = 2');
  assert.equal(localArithmetic({ formula: 'x = 21', local: 1 }), 'x = 21 = 1');
  assert.equal(localArithmetic({ formula: 'J', local: [[1, 0], [0, 1]] }), 'J');
  assert.equal(localArithmetic({ formula: 'J', local: null }), 'J');
});

test('answer format 2: edges link their source and target nodes, and carry no arithmetic', () => {
  for (const response of [fig, fanout, ops]) {
    for (const s of response.steps) {
      for (const e of [...s.node.inputs, ...(s.edges ?? []), ...(s.received ?? [])]) {
        assert.ok(!('arithmetic' in e) && !('input' in e), e.id);
        assert.ok(response.nodes.includes(e.source) && response.nodes.includes(e.target));
      }
      assert.ok(!('arithmetic' in s));
    }
  }
});
