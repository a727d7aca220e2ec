// A first guess at an expression's free variables, made in the browser so that typing a new expression
// just works: each new name gets a default value before the API is asked. The API's answer (the ids of
// its input and parameter nodes) then replaces the guess. Pure, no DOM.

// Names the engine reads as functions, not variables (contract §1's ops, and σ for the sigmoid).
export const FUNCTION_NAMES = new Set([
  'exp', 'log', 'sqrt', 'abs', 'sin', 'cos', 'tanh', 'sigmoid', 'σ', 'relu', 'leaky_relu', 'softmax',
  'sum', 'mean', 'bce', 'ce', 'identity', 'neg',
]);

const TOKEN = /(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([\p{L}_][\p{L}\p{N}_]*)|(\S)/gu;

/** Names in order of first use, minus functions and names the program assigns itself. */
export function freeNames(source) {
  const assigned = new Set();
  const used = [];
  for (const statement of String(source).split(/[;\n]/)) {
    const m = statement.match(/^\s*([\p{L}_][\p{L}\p{N}_]*)\s*=(?!=)/u);
    let body = statement;
    if (m) { assigned.add(m[1]); body = statement.slice(m[0].length); }
    for (const [, , name] of body.matchAll(TOKEN)) {
      if (name && !FUNCTION_NAMES.has(name) && !name.startsWith('_') && !used.includes(name)) used.push(name);
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
