// Words for each step: the live region's sentence and the plain names of nodes. Pure: takes the
// translation function, so it is tested in both languages without a browser.
import { fmtAny } from '../format.js';
import { fillTemplate, loadedOps, opEntry, opSymbol } from '../ops.js';

// Plain text for the textbook's symbols, where a label must be text (SVG titles, headings, the live
// region, accessible names): w^{[1]}_{11} → w[1]₁₁, z^{[2]} → z[2], x_{1} → x₁, \hat{y} → ŷ, \alpha → α.
// Formulas keep the LaTeX (KaTeX); these are the same symbols in one line of text.
// Only digits become subscript characters: letter subscripts (ᵥₐᵣ) exist for a few letters only
// and read worse than x_in.
const SUBSCRIPTS = Object.fromEntries([...'0123456789,'].map((c, i) => [c, [...'₀₁₂₃₄₅₆₇₈₉,'][i]]));
const GREEK = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', iota: 'ι',
  kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ',
  phi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π',
  Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω',
};
const subscript = (text) => ([...text].every((c) => c in SUBSCRIPTS) ? [...text].map((c) => SUBSCRIPTS[c]).join('') : `_${text}`);

/** The engine's LaTeX for a name (engine/present/notation.py) as one line of plain text. */
export function plainSymbol(tex) {
  return String(tex ?? '')
    .replace(/\\hat\{([^{}]*)\}/g, '$1\u0302') // combining circumflex: ŷ
    .replace(/\\mathrm\{((?:[^{}\\]|\\[a-zA-Z_]+)*)\}/g, '$1')
    .replace(/\\_/g, '_')
    .replace(/\\([a-zA-Z]+)/g, (m, name) => GREEK[name] ?? name)
    .replace(/\^\{\[([^{}]*)\]\}/g, '[$1]')
    .replace(/\^\{([^{}]*)\}/g, '^$1')
    .replace(/_\{([^{}]*)\}/g, (m, sub) => subscript(sub))
    .replace(/[{}\\ ]/g, '')
    .normalize('NFC'); // y + combining circumflex → the one character ŷ where it exists
}

/** A derivative template of the op table (GET /api/v1/ops), its placeholders already filled with
 *  plain names, as one line of text: {x}^{\top} → xᵀ, \frac{1}{N} → (1/N), \operatorname{diag}(a) →
 *  diag(a), a true minus sign. For text-only places (edge labels, the live region); formulas keep
 *  the LaTeX. */
export function plainTex(tex) {
  return String(tex ?? '')
    .replace(/\\(?:operatorname|mathrm|text)\{([^{}]*)\}/g, '$1')
    .replace(/\{([^{}]*)\}\^\{\\top\}|([^\s{}()]+)\^\{\\top\}/g, (m, group, word) => `${group ?? word}ᵀ`)
    .replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, '($1/$2)')
    .replace(/\\cdot/g, '·')
    .replace(/\\([a-zA-Z]+)/g, (m, name) => GREEK[name] ?? name)
    .replace(/[{}]/g, '')
    .replace(/-/g, '\u2212')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether an edge's local is a mixing op's Jacobian (matmul, softmax, …; or was left out): its
 *  numbers are in the step panel, and its shape ([2×2×2]) says nothing to a student. */
export const isMixingLocal = (edge) => edge?.local_form === 'jacobian' || edge?.local_form === 'omitted';

/** The local derivative ∂node/∂operand `slot` as the op table writes the rule, in plain text with the
 *  operands' names: for u = W x, ∂u/∂W is "xᵀ" and ∂u/∂x is "W[1]ᵀ" (the step panel's δ xᵀ and Wᵀ δ).
 *  Null without the op's entry. `ops` as for `caption`. */
export function localRule(node, slot, ops = loadedOps()) {
  const templates = opEntry(ops, node)?.derivative;
  if (!templates?.length) return null;
  const names = node.inputs.map((e) => displayName(e.source));
  return plainTex(fillTemplate(templates[Math.min(slot, templates.length - 1)], (k) => names[k], displayName(node)));
}

/** A node's name in running text: its textbook symbol in plain text (w[1]₁₁), a constant's number,
 *  or for generated operations a plain form of their symbol (u_{3} → u3), since "+" alone reads
 *  badly in a sentence. */
export function displayName(node) {
  if (!node) return '?';
  if (node.kind === 'constant') return node.label;
  if (!node.id.startsWith('_')) return plainSymbol(node.latex ?? node.label) || node.label;
  const plain = String(node.latex ?? '').replace(/\\[a-zA-Z]+/g, '').replace(/[{}_^\\ ]/g, '');
  return plain || node.label;
}

/** How a node is computed, in plain text for inside the node: "a + d", "σ(z1)", "2 × b", "−b", "xᵀ".
 *  The op table says where the symbol goes: an operator of two or more operands stands between them,
 *  a one-operand operator before or after its operand as its formula writes it (-#1, {#1}^{\top}), and
 *  a function before its arguments in parentheses. */
export function caption(node, byId, ops = loadedOps()) {
  if (node.kind !== 'operation') return '';
  const names = node.inputs.map((i) => displayName(i.source));
  const entry = opEntry(ops, node);
  const sym = opSymbol(ops, node);
  let text;
  if (entry?.kind === 'operator' && names.length > 1) text = names.join(` ${sym} `);
  else if (entry?.kind === 'operator' && entry.latex === '#1') text = names[0];
  else if (entry?.kind === 'operator') text = /^\{?#1/.test(entry.latex) ? `${names[0]}${sym}` : `${sym}${names[0]}`;
  else text = `${sym}(${names.join(', ')})`;
  return text.length > 18 ? `${text.slice(0, 17)}…` : text;
}

/** The live region's sentence for a step, e.g. "e receives upstream gradient −2; local ∂e/∂a = 1;
 *  sends −2 to a". `t` is i18n's t(key, params); `ops` the op table, for a mixing op's local rule. */
export function describeStep(step, response, t, ops = loadedOps()) {
  if (!step) return t('explorer.narrate.reset');
  const { node } = step;
  const name = displayName(node);
  if (step.phase === 'forward') {
    const inputs = node.inputs.map((i) => t('explorer.narrate.pair', { name: displayName(i.source), value: fmtAny(i.source.value) }));
    return inputs.length
      ? t('explorer.narrate.forward', { name, value: fmtAny(node.value), inputs: inputs.join(t('explorer.narrate.and')) })
      : t('explorer.narrate.forwardLeaf', { name, value: fmtAny(node.value) });
  }
  if (node.kind === 'constant') return t('explorer.step.constant', { name });
  const parts = [];
  const received = step.received ?? [];
  if (received.length > 1) {
    parts.push(t('explorer.narrate.fanout', {
      name, count: received.length, terms: received.map((r) => fmtAny(r.downstream)).join(' + '), upstream: fmtAny(node.grad),
    }));
  } else {
    parts.push(t('explorer.narrate.upstream', { name, upstream: fmtAny(node.grad) }));
  }
  for (const edge of step.edges ?? []) {
    const input = displayName(edge.source);
    if (edge.source.kind === 'constant') {
      parts.push(t('explorer.step.constantEdge', { input, name }));
      continue;
    }
    const local = (isMixingLocal(edge) && localRule(node, edge.slot, ops)) || fmtAny(edge.local);
    parts.push(t('explorer.narrate.local', { name, input, local }));
    parts.push(t('explorer.narrate.sends', { input, downstream: fmtAny(edge.downstream) }));
  }
  if (!(step.edges ?? []).length) parts.push(t('explorer.narrate.leaf', { output: displayName(response.byId.get(response.output)), name, grad: fmtAny(node.grad) }));
  return parts.join(t('explorer.narrate.sep'));
}
