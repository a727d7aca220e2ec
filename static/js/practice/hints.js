// Hints in three steps for a question (see questions.js): 1. which rule applies, 2. the formula,
// 3. the numbers to put in it. Pure: returns {key, params, latex} objects that the page words in the
// learner's language with t(key, params) and renders with KaTeX. Unit-tested with node --test.
// Derivatives are never restated here: a local gradient's rule and its numbers come from the op table
// (GET /api/v1/ops, passed in as `ops`) and its formula from the answer's edge.
import { partial, symbolLatex } from './format.js';
import { fmtTex } from '../format.js';
import { toNumber } from '../api.js';
import { fillTemplate, opEntry, writtenOp } from '../ops.js';
import { displayName } from '../explorer/narrate.js';

export { opTable } from '../ops.js';

export const HINT_STEPS = 3;

const num = (x) => fmtTex(x);
// A negative number inside a product or power gets parentheses: 3 \times (-2).
const par = (x) => (toNumber(x) < 0 ? `(${num(x)})` : num(x));

// The op table writes an operation's operands #1, #2, … and its result #0.
const fill = (template, operands, result) => fillTemplate(template, (k) => operands[k], result);

function context(graph) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const out = byId.get(graph.output);
  return { byId, L: symbolLatex(out) };
}

/** Every (consumer, edge index) pair that takes `id` as an input: the terms of its upstream sum. */
export function consumerEdges(graph, id) {
  const terms = [];
  for (const node of graph.nodes) {
    node.inputs.forEach((edge, i) => { if (edge.source.id === id) terms.push({ node, edge, index: i }); });
  }
  return terms;
}

/** The right side of a node's formula (`L = c \\cdot e` → `c \\cdot e`): the op that makes it, in
 *  its operands' symbols; null when the answer has none. */
function opExpression(node) {
  const formula = node.formula ?? '';
  const at = formula.indexOf(' = ');
  return at >= 0 ? formula.slice(at + 3) : null;
}

/** The chain rule's product for the edge from `input` into `consumer`: upstream ∂L/∂consumer times
 *  local ∂consumer/∂input. Into the output itself the local would read ∂L/∂c, the very symbol of the
 *  gradient being asked (∂L/∂c = ∂L/∂L · ∂L/∂c): it is written as the derivative of the op that makes
 *  L instead, ∂(c·e)/∂c, beside the upstream ∂L/∂L (which is 1). */
function chainLatex(graph, consumer, input, L) {
  const c = symbolLatex(consumer);
  const x = symbolLatex(input);
  const op = consumer.id === graph.output ? opExpression(consumer) : null;
  if (op === null) return `${partial(L, c)} \\cdot ${partial(c, x)}`;
  return `${partial(L, L)} \\cdot \\frac{\\partial ${isCall(op) ? op : `\\left(${op}\\right)`}}{\\partial ${x}}`;
}

/** `\mathrm{BCE}(a, y)`, `\sigma(z)`: one function applied, whose own brackets close at the end (so
 *  ∂BCE(a, y)/∂a needs no second pair; c · e does: ∂(c · e)/∂c). */
function isCall(latex) {
  const open = latex.indexOf('(');
  if (open <= 0 || !latex.endsWith(')') || /[\s+\-=]|\\cdot|\\times/.test(latex.slice(0, open))) return false;
  let depth = 0;
  for (let i = open; i < latex.length; i++) {
    depth += latex[i] === '(' ? 1 : latex[i] === ')' ? -1 : 0;
    if (depth === 0) return i === latex.length - 1;
  }
  return false;
}

/** The LaTeX label of what a question asks for. */
export function questionLatex(graph, q) {
  const { byId, L } = context(graph);
  const node = byId.get(q.node);
  const s = symbolLatex(node);
  if (q.kind === 'upstream') return partial(L, s);
  const input = byId.get(q.input);
  if (q.kind === 'local') return partial(s, symbolLatex(input));
  return chainLatex(graph, node, input, L);
}

/** The three hints for question `q`, in order; `ops` is opTable(GET /api/v1/ops) or null (not loaded:
 *  a local gradient's hints are then its formula and the values to use). */
export function buildHints(graph, q, ops = null) {
  const { byId, L } = context(graph);
  const node = byId.get(q.node);
  const s = symbolLatex(node);
  if (q.kind === 'upstream') return upstreamHints(graph, node, s, L);
  const edge = node.inputs[q.edge];
  const input = edge.source;
  const x = symbolLatex(input);
  if (q.kind === 'local') return localHints(node, q.edge, s, x, ops);
  return [
    { key: 'practice.hint.rule.chain', params: {} },
    { key: 'practice.hint.formula', params: {}, latex: chainLatex(graph, node, input, L) },
    { key: 'practice.hint.numbers.multiply', params: {}, latex: `${par(node.grad)} \\times ${par(edge.local)}` },
  ];
}

function upstreamHints(graph, node, s, L) {
  if (node.id === graph.output) {
    return [
      { key: 'practice.hint.rule.seed', params: {} },
      { key: 'practice.hint.formula', params: {}, latex: `${partial(L, L)} = 1` },
      { key: 'practice.hint.numbers.seed', params: {}, latex: '1' },
    ];
  }
  const terms = consumerEdges(graph, node.id);
  const fanOut = terms.length > 1;
  const formula = terms.map(({ node: c }) => chainLatex(graph, c, node, L)).join(' + ');
  const numbers = terms.map(({ edge }) => par(edge.downstream)).join(' + ');
  // A direct operand of the output: its one upstream is the output's ∂L/∂L = 1 times the local of
  // the op that makes L (chainLatex writes that local apart from ∂L/∂node).
  const intoOutput = !fanOut && terms[0]?.node.id === graph.output;
  return [
    fanOut
      ? { key: 'practice.hint.rule.fanout', params: { count: terms.length, consumers: [...new Set(terms.map((t) => t.node.id))].join(', ') } }
      : intoOutput
        ? { key: 'practice.hint.rule.output', params: { output: displayName(terms[0].node) } }
        : { key: 'practice.hint.rule.upstream', params: { consumer: terms[0]?.node.id ?? '' } },
    { key: 'practice.hint.formula', params: {}, latex: `${partial(L, s)} = ${formula || '0'}` },
    { key: fanOut ? 'practice.hint.numbers.sum' : 'practice.hint.numbers.received', params: {}, latex: numbers || '0' },
  ];
}

function localHints(node, i, s, x, ops) {
  const edge = node.inputs[i];
  const entry = opEntry(ops, node); // in the learner's notation: ln(x) stays ln
  const formula = { key: 'practice.hint.formula', params: {}, latex: edge.formula || partial(s, x) };
  const values = { key: 'practice.hint.numbers.values', params: {}, latex: valuesList(node) };
  if (!entry) return [{ key: 'practice.hint.rule.other', params: { op: node.op ?? '' } }, formula, values];
  // The rule in the op table's general form (operands a, b, … or z), then the same with this node's numbers.
  const slot = Math.min(i, entry.derivative.length - 1);
  const derivative = entry.derivative[slot];
  const names = node.inputs.length === 1 ? ['z'] : node.inputs.map((_, k) => String.fromCharCode(97 + k));
  const rule = `\\frac{\\partial}{\\partial ${names[slot]}}\\left(${fill(entry.latex, names, 'y')}\\right) = ${fill(derivative, names, 'y')}`;
  const numbers = fill(derivative, node.inputs.map((e) => par(e.source.value)), par(node.value));
  return [
    { key: 'practice.hint.rule.op', params: { op: entry.kind === 'operator' ? entry.symbol : writtenOp(node) }, latex: rule },
    formula,
    { key: 'practice.hint.numbers.local', params: {}, latex: numbers },
  ];
}

function valuesList(node) {
  const seen = new Set();
  const parts = [];
  for (const e of node.inputs) {
    if (seen.has(e.source.id)) continue;
    seen.add(e.source.id);
    const input = e.source;
    parts.push(`${symbolLatex(input)} = ${num(input.value)}`);
  }
  parts.push(`${symbolLatex(node)} = ${num(node.value)}`);
  return parts.join(',\\; ');
}
