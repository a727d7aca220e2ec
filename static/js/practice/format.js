// Symbols as text and as LaTeX. Pure functions (no DOM), unit-tested with node --test. Numbers are
// formatted by the page's one formatter, static/js/format.js.

/** A node's symbol in LaTeX (the engine's `latex`), falling back to its id. */
export function symbolLatex(node) {
  return node?.latex || node?.id || '?';
}

/** LaTeX → readable plain text for the live region and aria labels: w^{[1]}_{12} → w[1]12,
 *  \frac{\partial L}{\partial e} → ∂L/∂e. Not a LaTeX renderer, just enough for our formulas. */
export function latexToText(latex) {
  let s = String(latex ?? '');
  const FRAC = /\\frac\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}\{([^{}]*(?:\{[^{}]*\}[^{}]*)*)\}/;
  for (let i = 0; i < 20 && FRAC.test(s); i++) s = s.replace(FRAC, '($1)/($2)');
  // (∂L)/(∂e) → ∂L/∂e; a bracketed op keeps its brackets: (∂(c · e))/(∂e) → ∂(c · e)/∂e.
  s = s.replace(/\((\\partial\s*(?:[^()]|\([^()]*\))*)\)\/\((\\partial\s*[^()]*)\)/g, '$1/$2');
  const WORDS = {
    '\\partial ': '∂', '\\partial': '∂', '\\cdot': '·', '\\times': '×', '\\sigma': 'σ', '\\tanh': 'tanh',
    '\\log': 'log', '\\exp': 'exp', '\\ge': '≥', '\\le': '≤', '\\sum': 'Σ', '\\hat{y}': 'ŷ',
    '\\text': '', '\\mathrm': '', '\\left': '', '\\right': '', '\\,': ' ', '\\;': ' ', '\\quad': ' ',
    '\\big': '', '\\Rightarrow': '⇒', '\\infty': '∞', '\\max': 'max', '\\operatorname': '',
    '\\mathbf{1}\\{': '𝟙\u0001', '\\{': '\u0001', '\\}': '\u0002', '\\mathbf': '', // the indicator 𝟙{z ≥ 0}: its braces are text
  };
  // Longest first: a command is not read as a shorter one it starts with (\left as \le, then "ft").
  for (const [k, v] of Object.entries(WORDS).sort(([a], [b]) => b.length - a.length)) s = s.split(k).join(v);
  s = s.replace(/\^\{\[(\d+)\]\}/g, '[$1]').replace(/[_^]\{([^{}]*)\}/g, '$1').replace(/[_^](\w)/g, '$1');
  s = s.replace(/[{}\\]/g, '').replace(/\u0001/g, '{').replace(/\u0002/g, '}');
  return s.replace(/-/g, '−').replace(/\s+/g, ' ').trim();
}

/** ∂num/∂den as LaTeX from two symbols. */
export function partial(num, den) {
  return `\\frac{\\partial ${num}}{\\partial ${den}}`;
}
