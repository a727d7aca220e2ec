// When is a typed answer right? Pure functions, unit-tested in tests/js/test_practice_tolerance.mjs.
//
// A learner may type the number or any arithmetic that gives it — `-4`, `1/4`, `1*5`, `-2*2`,
// `(-2)(3)` is not arithmetic here (no implicit product), `3*(1-0.5)^2` is — because writing the
// product the chain rule asks for is the point of the exercise, not doing it in one's head.
// An answer passes when |answer − expected| ≤ max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE·|expected|):
// −4 and −4.0000001 pass, −4.1 fails (2.5 % off), 0.197 passes for 0.196612 (3 significant digits).

// 0.5 %: three significant digits are enough; a slip in the second digit is not.
export const RELATIVE_TOLERANCE = 5e-3;
// Answers that are exactly 0 arrive as 1e-17 and the like after floating-point arithmetic.
export const ABSOLUTE_TOLERANCE = 1e-6;
// An answer is one short line; longer input is refused before it is read (and bounds the nesting the
// recursive reader below can meet).
export const MAX_ANSWER_CHARS = 120;

const NUMBER = /^(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?/i;
const WORDS = { nan: NaN, inf: Infinity, infinity: Infinity };
const OPERATORS = { '×': '*', '·': '*', '÷': '/', '∗': '*' };

/** The answer as tokens: numbers, + - * / ^ ( ). Null when something else is in it. */
function tokenize(text) {
  const tokens = [];
  for (let i = 0; i < text.length;) {
    const rest = text.slice(i);
    const number = NUMBER.exec(rest);
    const word = /^(infinity|inf|nan|∞)/i.exec(rest);
    if (number) { tokens.push(Number(number[0])); i += number[0].length; }
    else if (word) { tokens.push(word[0] === '∞' ? Infinity : WORDS[word[0].toLowerCase()]); i += word[0].length; }
    else if ('+-*/^()'.includes(text[i]) || text[i] in OPERATORS) { tokens.push(OPERATORS[text[i]] ?? text[i]); i += 1; }
    else return null;
  }
  return tokens;
}

/** Reads tokens by the usual precedence: ^ (right to left, above unary minus: -2^2 = -4), then * /,
 *  then + -. Returns the value, or null when the tokens are not one well-formed expression. */
function evaluate(tokens) {
  let at = 0;
  const peek = () => tokens[at];
  const isNumber = (tok) => typeof tok === 'number';
  // Left-associative levels: a run of `next` joined by the operators in `ops`.
  const APPLY = { '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b };
  const level = (next, ops) => () => {
    let value = next();
    while (value !== null && ops.includes(peek())) {
      const op = tokens[at++];
      const right = next();
      if (right === null) return null;
      value = APPLY[op](value, right);
    }
    return value;
  };
  const product = level(() => unary(), '*/');
  const sum = level(product, '+-');
  function unary() {
    if (peek() === '-' || peek() === '+') {
      const sign = tokens[at++] === '-' ? -1 : 1;
      if (peek() === '-' || peek() === '+') return null;  // "--4" is a slip, not a double negation
      const value = unary();
      return value === null ? null : sign * value;
    }
    return power();
  }
  function power() {
    const base = atom();
    if (base === null || peek() !== '^') return base;
    at++;
    const exponent = unary();
    return exponent === null ? null : base ** exponent;
  }
  function atom() {
    const tok = tokens[at++];
    if (isNumber(tok)) return isNumber(peek()) || peek() === '(' ? null : tok;
    if (tok !== '(') return null;
    const value = sum();
    if (value === null || tokens[at++] !== ')') return null;
    return isNumber(peek()) || peek() === '(' ? null : value;
  }
  const value = sum();
  return at === tokens.length ? value : null;
}

/** Reads what a learner typed: a number ("−4", "0.25", ".5", "2e-3", full-width "－４" from an IME,
 *  "1,5" as 1.5, "NaN", "-∞") or arithmetic giving it ("1/4", "1*5", "-2*2", "0.5 × (1 − 0.5)").
 *  Returns {ok: true, value, arithmetic} (arithmetic: it was more than one number) or
 *  {ok: false, reason: 'empty' | 'not-a-number'}. */
export function parseAnswer(raw) {
  let text = String(raw ?? '').normalize('NFKC').trim()
    .replace(/[\u2212\u2012\u2013\u2014\uFE63\uFF0D]/g, '-')   // minus signs and dashes
    .replace(/\s+/g, '');
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_ANSWER_CHARS) return { ok: false, reason: 'not-a-number' };
  if (/^[+-]?\d+,\d+$/.test(text)) text = text.replace(',', '.');  // a decimal comma
  const tokens = tokenize(text);
  const value = tokens && tokens.length ? evaluate(tokens) : null;
  if (value === null) return { ok: false, reason: 'not-a-number' };
  return { ok: true, value, arithmetic: tokens.filter((tok) => typeof tok === 'number').length > 1 };
}

/** True when `answer` is within tolerance of `expected`. Non-finite expectations need the same
 *  non-finite answer (NaN matches NaN). */
export function isClose(answer, expected) {
  if (typeof answer !== 'number' || typeof expected !== 'number') return false;
  if (!Number.isFinite(expected)) return Object.is(answer, expected) || (Number.isNaN(answer) && Number.isNaN(expected));
  if (!Number.isFinite(answer)) return false;
  return Math.abs(answer - expected) <= Math.max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * Math.abs(expected));
}
