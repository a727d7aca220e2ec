// Numbers and symbols as text and as LaTeX. Pure functions (no DOM), unit-tested with node --test.

/** The API's numbers: finite numbers, or the strings "NaN", "Infinity", "-Infinity". */
export function toNumber(v) {
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return typeof v === 'number' ? v : NaN;
}

/** Up to 6 significant digits without trailing zeros; a true minus sign (−) for reading. */
export function formatNumber(x, { latex = false } = {}) {
  const v = toNumber(x);
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return `${v < 0 ? (latex ? '-' : '−') : ''}${latex ? '\\infty' : '∞'}`;
  const text = String(Number(v.toPrecision(6)) + 0);  // + 0 turns −0 into 0
  const plain = text.includes('e') ? text.replace(/e\+?/, latex ? '\\times 10^{' : '×10^') + (latex ? '}' : '') : text;
  return latex ? plain : plain.replace(/-/g, '−');
}

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
  s = s.replace(/\((\\partial\s*[^()]*)\)\/\((\\partial\s*[^()]*)\)/g, '$1/$2');
  const WORDS = {
    '\\partial ': '∂', '\\partial': '∂', '\\cdot': '·', '\\times': '×', '\\sigma': 'σ', '\\tanh': 'tanh',
    '\\log': 'log', '\\exp': 'exp', '\\ge': '≥', '\\le': '≤', '\\sum': 'Σ', '\\hat{y}': 'ŷ',
    '\\text': '', '\\mathrm': '', '\\left': '', '\\right': '', '\\,': ' ', '\\;': ' ', '\\quad': ' ',
    '\\big': '', '\\Rightarrow': '⇒', '\\infty': '∞', '\\max': 'max', '\\operatorname': '',
  };
  for (const [k, v] of Object.entries(WORDS)) s = s.split(k).join(v);
  s = s.replace(/\^\{\[(\d+)\]\}/g, '[$1]').replace(/[_^]\{([^{}]*)\}/g, '$1').replace(/[_^](\w)/g, '$1');
  return s.replace(/[{}\\]/g, '').replace(/-/g, '−').replace(/\s+/g, ' ').trim();
}

/** ∂num/∂den as LaTeX from two symbols. */
export function partial(num, den) {
  return `\\frac{\\partial ${num}}{\\partial ${den}}`;
}
