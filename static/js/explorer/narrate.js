// Words for each step: the live region's sentence and the plain names of nodes. Pure: takes the
// translation function, so it is tested in both languages without a browser.
import { fmtAny } from './format.js';

const OP_SYMBOLS = {
  add: '+', sub: '−', mul: '×', div: '÷', matmul: '@', pow: '^', neg: '−', exp: 'exp', log: 'log',
  sqrt: '√', abs: 'abs', sin: 'sin', cos: 'cos', tanh: 'tanh', sigmoid: 'σ', relu: 'ReLU',
  leaky_relu: 'LeakyReLU', softmax: 'softmax', sum: 'Σ', mean: 'mean', bce: 'BCE', ce: 'CE', identity: 'id',
};
const INFIX = new Set(['add', 'sub', 'mul', 'div', 'matmul', 'pow']);

export const opSymbol = (op) => OP_SYMBOLS[op] ?? op ?? '';

/** A node's name in running text: its own name, a constant's number, or a plain form of its LaTeX
 *  symbol for generated operations (u_{3} → u3), since "+" alone reads badly in a sentence. */
export function displayName(node) {
  if (!node) return '?';
  if (!node.id.startsWith('_') || node.kind === 'constant') return node.label;
  const plain = String(node.latex ?? '').replace(/\\[a-zA-Z]+/g, '').replace(/[{}_^\\ ]/g, '');
  return plain || node.label;
}

/** How a node is computed, in plain text for inside the node: "a + d", "σ(z1)", "2 × b". */
export function caption(node, byId) {
  if (node.kind !== 'operation') return '';
  const names = node.inputs.map((i) => displayName(byId.get(i.node)));
  const sym = opSymbol(node.op);
  const text = INFIX.has(node.op) ? names.join(` ${sym} `) : `${sym}(${names.join(', ')})`;
  return text.length > 18 ? `${text.slice(0, 17)}…` : text;
}

/** The live region's sentence for a step, e.g. "e receives upstream gradient −2; local ∂e/∂a = 1;
 *  sends −2 to a". `t` is i18n's t(key, params). */
export function describeStep(step, response, t) {
  if (!step) return t('explorer.narrate.reset');
  const byId = new Map(response.nodes.map((n) => [n.id, n]));
  const name = displayName(byId.get(step.node));
  if (step.phase === 'forward') {
    const inputs = (step.inputs ?? []).map((i) => t('explorer.narrate.pair', { name: displayName(byId.get(i.node)), value: fmtAny(i.value) }));
    return inputs.length
      ? t('explorer.narrate.forward', { name, value: fmtAny(step.value), inputs: inputs.join(t('explorer.narrate.and')) })
      : t('explorer.narrate.forwardLeaf', { name, value: fmtAny(step.value) });
  }
  const parts = [];
  const received = step.received ?? [];
  if (received.length > 1) {
    parts.push(t('explorer.narrate.fanout', {
      name, count: received.length, terms: received.map((r) => fmtAny(r.downstream)).join(' + '), upstream: fmtAny(step.upstream),
    }));
  } else {
    parts.push(t('explorer.narrate.upstream', { name, upstream: fmtAny(step.upstream) }));
  }
  for (const edge of step.edges ?? []) {
    const input = displayName(byId.get(edge.node));
    parts.push(t('explorer.narrate.local', { name, input, local: fmtAny(edge.local) }));
    parts.push(t('explorer.narrate.sends', { input, downstream: fmtAny(edge.downstream) }));
  }
  if (!(step.edges ?? []).length) parts.push(t('explorer.narrate.leaf', { output: displayName(byId.get(response.output)), name, grad: fmtAny(step.upstream) }));
  return parts.join(t('explorer.narrate.sep'));
}
