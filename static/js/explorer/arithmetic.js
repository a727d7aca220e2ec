// The step panel's arithmetic, built from the response's numbers: an operation's formula with its
// inputs' values substituted ("3 + 2 = 5") and an edge's chain rule with numbers ("-2 \times 1 = -2").
// The API sends only the numbers; writing them here with format.js keeps the panel's digits the same
// as the graph's. Pure functions, no DOM, so node's test runner checks every template.
import { fmtTex, isTensor, isShortVector, shapeOf } from '../format.js';

const isScalar = (v) => v !== null && v !== undefined && !isTensor(v);

// A sum of thousands of terms (x + x + … fans one input out thousands of times) is unreadable and
// made KaTeX lay out thousands of glyphs per step: above this many terms it shows its first
// SUM_HEAD, ⋯, and its last one. The step's sentence says how many terms there are.
export const MAX_SUM_TERMS = 24;
const SUM_HEAD = 20;

/** Terms joined by " + ", the middle of a long sum elided as ⋯. */
export function joinSum(terms) {
  const shown = terms.length > MAX_SUM_TERMS ? [...terms.slice(0, SUM_HEAD), '\\cdots', terms[terms.length - 1]] : terms;
  return shown.join(' + ');
}

/** LaTeX for a value: a number, a short vector written out, or a tensor's shape (its entries are in
 *  the graph's heat map). */
export function texOf(v) {
  if (isShortVector(v)) return `\\left[${v.map((x) => fmtTex(x, 3)).join(',\\ ')}\\right]`;
  return isTensor(v) ? `\\text{[${shapeOf(v).join('×')}]}` : fmtTex(v);
}

/** A number standing after an operator. Negatives go in parentheses so "3 × (−2)" cannot read as a
 *  subtraction, and so does 1.5 × 10^{-7}, whose own × would otherwise run into the operator. */
export function operand(v) {
  const tex = texOf(v);
  return isScalar(v) && (tex.startsWith('-') || tex.includes('\\times')) ? `(${tex})` : tex;
}

// A number that stands alone: a function's argument, a fraction's part, an exponent. (One argument:
// fmtTex's second is the digits, which Array.map would fill with the index.)
const bare = (v) => fmtTex(v);
const call = (name) => ([a]) => `${name}(${bare(a)})`;

/** One template per operation, taking the inputs' numbers in operand order: the same shapes as the
 *  node formulas of engine/core/rules.py, so "e = a + d" continues "= 3 + 2". Operations that only take
 *  tensors (matmul, softmax, ce, softmax_ce) have none: their panel line shows the value alone. */
export const TEMPLATES = {
  add: (v) => joinSum(v.map((x, i) => (i ? operand(x) : bare(x)))),
  sub: ([a, b]) => `${bare(a)} - ${operand(b)}`,
  mul: ([a, b]) => `${bare(a)} \\times ${operand(b)}`,
  div: ([a, b]) => `\\frac{${bare(a)}}{${bare(b)}}`,
  pow: ([a, b]) => `{${operand(a)}}^{${bare(b)}}`,
  neg: ([a]) => `-${operand(a)}`,
  identity: ([a]) => bare(a),
  exp: ([a]) => `e^{${bare(a)}}`,
  log: call('\\log'),
  sqrt: ([a]) => `\\sqrt{${bare(a)}}`,
  abs: ([a]) => `\\left|${bare(a)}\\right|`,
  sin: call('\\sin'),
  cos: call('\\cos'),
  tanh: call('\\tanh'),
  sigmoid: call('\\sigma'),
  relu: call('\\mathrm{ReLU}'),
  leaky_relu: (v) => `\\mathrm{LeakyReLU}(${v.map((x) => bare(x)).join(', ')})`,
  // Reductions of a scalar are the scalar itself (engine/core/rules.py: sum, mean and transpose of x is x).
  sum: ([a]) => bare(a),
  mean: ([a]) => bare(a),
  transpose: ([a]) => bare(a),
  bce: ([p, y]) => `\\mathrm{BCE}(${bare(p)}, ${bare(y)})`,
};

/** The operation with its inputs' numbers substituted ("3 + 2"), or null when there is nothing to
 *  substitute: an input is a tensor, or the operation has no template. */
export function substituted(op, values) {
  const template = TEMPLATES[op];
  if (!template || !values.length || !values.every(isScalar)) return null;
  return template(values);
}

/** What follows "formula =" on a forward step: "3 + 2 = 5" for an operation on scalars, the value
 *  alone when substituting would only repeat it (a1 = z1 = 3, not "= 3 = 3") or there are no numbers
 *  to substitute (a tensor: its shape or short vector). `inputs` are the step's {node, value}. */
export function forwardArithmetic(op, inputs, value) {
  const result = texOf(value);
  if (!isScalar(value)) return result;
  const text = substituted(op, (inputs ?? []).map((i) => i.value));
  return text === null || text === result ? result : `${text} = ${result}`;
}

/** The chain rule of one edge in numbers: "upstream × local = downstream", a negative local in
 *  parentheses. Null for tensor edges (a vector–Jacobian product does not fit one line) and for
 *  edges whose Jacobian the API left out (local null). */
export function edgeArithmetic(upstream, edge) {
  const { local, downstream } = edge;
  if (![upstream, local, downstream].every(isScalar)) return null;
  return `${bare(upstream)} \\times ${operand(local)} = ${bare(downstream)}`;
}

/** The upstream gradient of a fan-out node as the sum of what its consumers sent, in the order they
 *  were summed: "-2 + (-4) = -6". `received` are the edges that delivered it. */
export function upstreamSum(received, upstream) {
  const terms = received.map((r, i) => (i ? operand(r.downstream) : texOf(r.downstream)));
  return `${joinSum(terms)} = ${texOf(upstream)}`;
}

/** The local derivative line: its symbolic formula, then "= number" unless the formula already ends
 *  in that number (∂e/∂a = 1) or the local is a tensor or was left out (local null). */
export function localArithmetic(edge) {
  const { formula, local } = edge;
  if (!isScalar(local)) return formula;
  const number = texOf(local);
  return formula.replace(/\s+$/, '').endsWith(`= ${number}`) ? formula : `${formula} = ${number}`;
}
