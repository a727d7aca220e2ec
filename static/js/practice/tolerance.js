// When is a typed answer right? Pure functions, unit-tested in tests/js/test_practice_tolerance.mjs.
//
// An answer passes when |answer − expected| ≤ max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE·|expected|):
// −4 and −4.0000001 pass, −4.1 fails (2.5 % off), 0.197 passes for 0.196612 (3 significant digits).

// 0.5 %: three significant digits are enough; a slip in the second digit is not.
export const RELATIVE_TOLERANCE = 5e-3;
// Answers that are exactly 0 arrive as 1e-17 and the like after floating-point arithmetic.
export const ABSOLUTE_TOLERANCE = 1e-6;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;
const NON_FINITE = { nan: NaN, inf: Infinity, infinity: Infinity, '∞': Infinity };

function parsePlain(text) {
  const sign = text.startsWith('-') ? -1 : 1;
  const body = text.replace(/^[+-]/, '');
  if (body.toLowerCase() in NON_FINITE) return sign * NON_FINITE[body.toLowerCase()];
  return NUMBER.test(text) ? Number(text) : null;
}

/** Reads what a learner typed: "−4", "-4.0", "0.25", ".5", "1/4", "2e-3", full-width "－４" (IME),
 *  "1,5" as 1.5, "NaN", "-∞". Returns {ok: true, value} or {ok: false, reason: 'empty'|'not-a-number'}. */
export function parseAnswer(raw) {
  let text = String(raw ?? '').normalize('NFKC').trim()
    .replace(/[\u2212\u2012\u2013\u2014\uFE63\uFF0D]/g, '-')   // minus signs and dashes
    .replace(/\s+/g, '');
  if (text === '') return { ok: false, reason: 'empty' };
  if (/^[+-]?\d+,\d+$/.test(text)) text = text.replace(',', '.');  // a decimal comma
  const parts = text.split('/');
  if (parts.length > 2) return { ok: false, reason: 'not-a-number' };
  const values = parts.map(parsePlain);
  if (values.some((v) => v === null)) return { ok: false, reason: 'not-a-number' };
  const value = values.length === 2 ? values[0] / values[1] : values[0];
  return { ok: true, value };
}

/** True when `answer` is within tolerance of `expected`. Non-finite expectations need the same
 *  non-finite answer (NaN matches NaN). */
export function isClose(answer, expected) {
  if (typeof answer !== 'number' || typeof expected !== 'number') return false;
  if (!Number.isFinite(expected)) return Object.is(answer, expected) || (Number.isNaN(answer) && Number.isNaN(expected));
  if (!Number.isFinite(answer)) return false;
  return Math.abs(answer - expected) <= Math.max(ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE * Math.abs(expected));
}
