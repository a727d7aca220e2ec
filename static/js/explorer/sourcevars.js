// A first guess at an expression's free variables, made in the browser so that typing a new expression
// just works: each new name gets a default value before the API is asked. The API's answer (the ids of
// its input and parameter nodes) then replaces the guess. Pure, no DOM.

// The engine's functions (engine/core/ops.py FUNCTIONS; a browser test checks this copy against the list
// the API's 400 for an unknown function gives), and σ and ln, the other names of sigmoid and log.
export const FUNCTIONS = Object.freeze(['abs', 'bce', 'ce', 'cos', 'exp', 'leaky_relu', 'log', 'max', 'mean', 'min',
  'relu', 'sigmoid', 'sin', 'softmax', 'softmax_ce', 'sqrt', 'sum', 'tanh', 'transpose']);
export const FUNCTION_NAMES = new Set([...FUNCTIONS, 'σ', 'ln']);

// A name right before "(" is a variable times a parenthesis (the textbook's c(a+2b)) or a function
// call. A typo of a function (sigmod) must not become a variable with value 1, or the API's "unknown
// function sigmod, did you mean sigmoid?" never shows. Single letters are always variables.
const TYPO_DISTANCE = 2; // edits (insert, delete, change, swap) that still read as a misspelt function
const SHORT_NAME = 3; // names this short (w1, xy) are often variables: only 1 edit counts as a typo

/** Edit distance with adjacent swaps (optimal string alignment): "rleu" is 1 from "relu". */
export function editDistance(a, b) {
  const A = [...a];
  const B = [...b];
  const d = Array.from({ length: A.length + 1 }, (_, i) => [i, ...Array(B.length).fill(0)]);
  for (let j = 1; j <= B.length; j++) d[0][j] = j;
  for (let i = 1; i <= A.length; i++) {
    for (let j = 1; j <= B.length; j++) {
      const cost = A[i - 1] === B[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && A[i - 1] === B[j - 2] && A[i - 2] === B[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[A.length][B.length];
}

/** Whether a name written before "(" probably means a function: longer than one character and a
 *  prefix of a function (sigm), or a function with letters added (sigmoids), or a few edits away. */
export function looksLikeFunction(name) {
  const n = [...name].length;
  if (n < 2) return false;
  const limit = n <= SHORT_NAME ? 1 : TYPO_DISTANCE;
  return FUNCTIONS.some((f) => f.startsWith(name) || (name.startsWith(f) && f.length >= SHORT_NAME)
    || editDistance(name, f) <= limit);
}

const TOKEN = /(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([\p{L}_][\p{L}\p{N}_]*)|(\S)/gu;

/** Names in order of first use, minus functions, likely misspelt functions (see looksLikeFunction)
 *  and names the program assigns itself. */
export function freeNames(source) {
  const assigned = new Set();
  const used = [];
  for (const statement of String(source).split(/[;\n]/)) {
    const m = statement.match(/^\s*([\p{L}_][\p{L}\p{N}_]*)\s*=(?!=)/u);
    let body = statement;
    if (m) { assigned.add(m[1]); body = statement.slice(m[0].length); }
    for (const match of body.matchAll(TOKEN)) {
      const name = match[2];
      if (!name || FUNCTION_NAMES.has(name) || name.startsWith('_') || used.includes(name)) continue;
      const called = /^\s*\(/.test(body.slice(match.index + name.length));
      if (called && looksLikeFunction(name)) continue;
      used.push(name);
    }
  }
  return used.filter((n) => !assigned.has(n));
}

export const DEFAULT_VALUE = 1;

/** Values for `names`: the known ones kept, new ones defaulted to 1, unused ones dropped. */
export function valuesFor(names, known) {
  return Object.fromEntries(names.map((n) => [n, n in known ? known[n] : DEFAULT_VALUE]));
}

export const OUTPUT_NAME = 'L';
const PREFIX = `${OUTPUT_NAME} = `;

/**
 * A bare expression's output gets the textbook's name L (figure 6.15: L(a,b,c) = c(a+2b)), so the
 * graph, formulas and gradients read ∂L/∂a rather than a generated symbol. Programs, and expressions
 * that use L themselves, are sent as typed. Returns the source to send and how to map an error's
 * column back to what the user typed.
 */
export function withNamedOutput(source) {
  const text = String(source);
  const statements = text.split(/[;\n]/).filter((s) => s.trim() !== '');
  const assigns = statements.length === 1 && /^\s*[\p{L}_][\p{L}\p{N}_]*\s*=(?!=)/u.test(statements[0]);
  const usesL = new RegExp(`(^|[^\\p{L}\\p{N}_])${OUTPUT_NAME}(?![\\p{L}\\p{N}_])`, 'u').test(text);
  if (statements.length !== 1 || assigns || usesL || /[;\n]\s*\S/.test(text.trim())) {
    return { source: text, column: (line, column) => column };
  }
  return {
    source: PREFIX + text,
    column: (line, column) => (line === 1 && column ? Math.max(1, column - PREFIX.length) : column),
  };
}

/** Values read from a link, kept only where they are numbers or (nested) lists of numbers: a link is
 *  untrusted input, and anything else would only come back from the API as an error. */
export function sanitizeValues(given) {
  if (!given || typeof given !== 'object' || Array.isArray(given)) return {};
  const numeric = (v) => (typeof v === 'number' && Number.isFinite(v)) || (Array.isArray(v) && v.length > 0 && v.every(numeric));
  return Object.fromEntries(Object.entries(given).filter(([k, v]) => /^[\p{L}][\p{L}\p{N}_]*$/u.test(k) && numeric(v)));
}
