// The step panel's arithmetic, built from the response's numbers: an operation's formula with its
// inputs' values substituted ("3 + 2 = 5") and an edge's chain rule with numbers ("-2 \times 1 = -2").
// The API sends only the numbers and the op table (GET /api/v1/ops) the formulas; writing the numbers
// here with format.js keeps the panel's digits the same as the graph's. Pure functions, no DOM, so
// node's test runner checks them against the engine's real op table (tests/js/fixtures/ops.json).
import { fmtTex, isTensor, isShortVector, shapeOf } from '../format.js';
import { fillTemplate, loadedOps, opEntry, withDefaults } from '../ops.js';

const isScalar = (v) => v !== null && v !== undefined && !isTensor(v);

// A sum of thousands of terms (x + x + … fans one input out thousands of times) is unreadable and
// made KaTeX lay out thousands of glyphs per step: above this many terms it shows its first
// SUM_HEAD, ⋯, and its last one, as the engine writes the sum's formula (engine/core/ops.py
// join_sum; tests/js/test_long_sums.mjs). The step's sentence says how many terms there are.
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
  if (isShortVector(v)) return `\\left[${v.map((x) => fmtTex(x)).join(',\\ ')}\\right]`;
  return isTensor(v) ? `\\text{[${shapeOf(v).join('×')}]}` : fmtTex(v);
}

/** A number standing after an operator. Negatives go in parentheses so "3 × (−2)" cannot read as a
 *  subtraction, and so does 1.5 × 10^{-7}, whose own × would otherwise run into the operator. `tex`
 *  is the value's LaTeX when another writer made it (a printed matrix needs no parentheses). */
export function operand(v, tex = texOf(v)) {
  return isScalar(v) && (tex.startsWith('-') || tex.includes('\\times')) ? `(${tex})` : tex;
}

// A number that stands alone: a function's argument, a fraction's part, an exponent. (One argument:
// fmtTex's second is the digits, which Array.map would fill with the index.)
const bare = (v) => fmtTex(v);

/** Whether the placeholder at template[start, end) stands alone, so a negative needs no parentheses:
 *  it opens the formula ("-2 + 3"), or it fills a whole group ({#1}, (#1), |#1|, an argument between commas),
 *  unless that group is the base of a power ({(-2)}^{2} is not -2^2). */
function standsAlone(template, start, end) {
  const before = template.slice(0, start).trimEnd();
  const after = template.slice(end).trimStart();
  if (after.startsWith('}^') || after.startsWith('^')) return false;
  if (!before) return true;
  return /([{(,]|\\left\|)$/.test(before) && /^([}),]|\\right[|)])/.test(after);
}

/** The operation's node formula from the op table (GET /api/v1/ops: `latex`, operands #1, #2, …) with
 *  the inputs' numbers in place of its operands, in operand order: "e = a + d" continues "= 3 + 2".
 *  An op of any number of operands (add) joins them all with its separator; an optional operand left
 *  out takes the table's default (leaky_relu's slope). `write` gives a value's LaTeX (by default a
 *  number's; the step panel's matrices pass their own, tensors/matrix_steps.js). */
export function fillNumbers(entry, values, write = bare) {
  const { latex } = entry;
  const variadic = Array.isArray(entry.arity) && entry.arity[1] === null;
  const after = (v) => operand(v, write(v));
  if (variadic && latex.startsWith('#1') && latex.endsWith('#2')) {
    const separator = latex.slice(2, -2);
    const terms = values.map((v, i) => (i ? after(v) : write(v)));
    return separator.trim() === '+' ? joinSum(terms) : terms.join(separator);
  }
  const numbers = withDefaults(entry, values);
  return fillTemplate(latex, (k, start, end) => (k < numbers.length
    ? (standsAlone(latex, start, end) ? write(numbers[k]) : after(numbers[k])) : null));
}

/** The operation with its inputs' numbers substituted ("3 + 2"), or null when there is nothing to
 *  substitute: an input is a tensor, or the op table is not loaded or does not know the op. `op` is an
 *  op name or the operation node (then in the notation the learner typed: ln 3, see ops.js opEntry);
 *  `ops` is the op table (static/js/ops.js), by default the page's once it has arrived. */
export function substituted(op, values, ops = loadedOps()) {
  const entry = opEntry(ops, op);
  if (!entry || !values.length || !values.every(isScalar)) return null;
  return fillNumbers(entry, values);
}

/** What follows "formula =" on a forward step: "3 + 2 = 5" for an operation on scalars, the value
 *  alone when substituting would only repeat it (a1 = z1 = 3, not "= 3 = 3") or there are no numbers
 *  to substitute (a tensor: its shape or short vector). `op` as for `substituted` (pass the node to
 *  keep the learner's ln); `inputs` are the step's {node, value}. */
export function forwardArithmetic(op, inputs, value, ops = loadedOps()) {
  const result = texOf(value);
  if (!isScalar(value)) return result;
  const text = substituted(op, (inputs ?? []).map((i) => i.value), ops);
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
