// Hints in three steps for a question (see questions.js): 1. which rule applies, 2. the formula,
// 3. the numbers to put in it. Pure: returns {key, params, latex} objects that the page words in the
// learner's language with t(key, params) and renders with KaTeX. Unit-tested with node --test.
import { formatNumber, partial, symbolLatex, toNumber } from './format.js';

export const HINT_STEPS = 3;

const num = (x) => formatNumber(x, { latex: true });
// A negative number inside a product or power gets parentheses: 3 \times (-2).
const par = (x) => (toNumber(x) < 0 ? `(${num(x)})` : num(x));

// Local-derivative rules with a known shape; anything else gets the generic wording.
const RULES = new Set(['add', 'sub', 'mul', 'div', 'pow', 'neg', 'exp', 'log', 'sqrt', 'abs', 'sin',
  'cos', 'tanh', 'sigmoid', 'relu', 'leaky_relu', 'identity', 'bce']);

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

/** The LaTeX label of what a question asks for. */
export function questionLatex(graph, q) {
  const { byId, L } = context(graph);
  const node = byId.get(q.node);
  const s = symbolLatex(node);
  if (q.kind === 'upstream') return partial(L, s);
  const x = symbolLatex(byId.get(q.input));
  if (q.kind === 'local') return partial(s, x);
  return `${partial(L, s)} \\cdot ${partial(s, x)}`;
}

/** The three hints for question `q`, in order. */
export function buildHints(graph, q) {
  const { byId, L } = context(graph);
  const node = byId.get(q.node);
  const s = symbolLatex(node);
  if (q.kind === 'upstream') return upstreamHints(graph, node, s, L);
  const edge = node.inputs[q.edge];
  const input = edge.source;
  const x = symbolLatex(input);
  if (q.kind === 'local') return localHints(byId, node, q.edge, s, x);
  return [
    { key: 'practice.hint.rule.chain', params: {} },
    { key: 'practice.hint.formula', params: {}, latex: `${partial(L, s)} \\cdot ${partial(s, x)}` },
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
  const formula = terms.map(({ node: c }) => `${partial(L, symbolLatex(c))} ${partial(symbolLatex(c), s)}`).join(' + ');
  const numbers = terms.map(({ edge }) => par(edge.downstream)).join(' + ');
  return [
    fanOut
      ? { key: 'practice.hint.rule.fanout', params: { count: terms.length, consumers: [...new Set(terms.map((t) => t.node.id))].join(', ') } }
      : { key: 'practice.hint.rule.upstream', params: { consumer: terms[0]?.node.id ?? '' } },
    { key: 'practice.hint.formula', params: {}, latex: `${partial(L, s)} = ${formula || '0'}` },
    { key: fanOut ? 'practice.hint.numbers.sum' : 'practice.hint.numbers.received', params: {}, latex: numbers || '0' },
  ];
}

function localHints(byId, node, i, s, x) {
  const edge = node.inputs[i];
  const op = RULES.has(node.op) ? node.op : 'other';
  const rule = { key: `practice.hint.rule.${op}`, params: { op: node.op ?? '' } };
  const formula = { key: 'practice.hint.formula', params: {}, latex: edge.formula || partial(s, x) };
  const numbers = localNumbers(byId, node, i);
  return [rule, formula, numbers
    ? { key: 'practice.hint.numbers.local', params: {}, latex: numbers }
    : { key: 'practice.hint.numbers.values', params: {}, latex: valuesList(byId, node) }];
}

function valuesList(byId, node) {
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

/** The local derivative with the numbers substituted, for the ops whose rule has a fixed shape. */
function localNumbers(byId, node, i) {
  const xs = node.inputs.map((e) => e.source.value);
  const out = node.value;
  const z = xs[0];
  switch (node.op) {
    case 'add': case 'identity': return '1';
    case 'sub': return i === 0 ? '1' : '-1';
    case 'neg': return '-1';
    case 'mul': return xs.filter((_, k) => k !== i).map(par).join(' \\times ');
    case 'div': return i === 0 ? `\\frac{1}{${num(xs[1])}}` : `-\\frac{${num(xs[0])}}{${par(xs[1])}^2}`;
    case 'pow': return i === 0 ? `${par(xs[1])} \\times ${par(xs[0])}^{${num(xs[1])} - 1}` : `${par(out)} \\times \\ln ${par(xs[0])}`;
    case 'exp': return `e^{${num(z)}}`;
    case 'log': return `\\frac{1}{${num(z)}}`;
    case 'sqrt': return `\\frac{1}{2 \\times ${num(out)}}`;
    case 'sin': return `\\cos(${num(z)})`;
    case 'cos': return `-\\sin(${num(z)})`;
    case 'tanh': return `1 - ${par(out)}^2`;
    case 'sigmoid': return `${num(out)} \\times (1 - ${num(out)})`;
    case 'relu': return `${symbolLatex(node.inputs[0].source)} = ${num(z)} ${toNumber(z) >= 0 ? '\\ge' : '<'} 0`;
    case 'bce': {
      if (xs.length !== 2) return null;
      const [a, y] = xs.map(num);
      return i === 0
        ? `-\\left(\\frac{${y}}{${a}} - \\frac{1 - ${y}}{1 - ${a}}\\right)`
        : `-\\left(\\log ${a} - \\log(1 - ${a})\\right)`;
    }
    default: return null;
  }
}
