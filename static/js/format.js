// How numbers look: on screen (short, with a true minus sign), in KaTeX and in the data-* test hooks.
// Pure functions, no DOM, so node's test runner can check them.
import { toNumber } from './api.js';

export const MINUS = '\u2212';
export const DISPLAY_DIGITS = 4; // significant digits on screen: enough to read, short enough to fit a node

export const isTensor = (v) => Array.isArray(v);

/** A scalar for people: 4 significant digits (all integer digits below 10^6), no trailing zeros, "−" for negatives, ∞ and NaN spelled out. */
export function fmt(v, digits = DISPLAY_DIGITS) {
  const x = toNumber(v);
  if (typeof x !== 'number') return String(x);
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : `${MINUS}∞`;
  return plain(x, digits).replace(/^-/, MINUS);
}

/** The same number for KaTeX (ASCII minus: KaTeX typesets it as a minus sign). */
export function fmtTex(v, digits = DISPLAY_DIGITS) {
  const x = toNumber(v);
  if (typeof x !== 'number') return `\\text{${String(x)}}`;
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  return plain(x, digits).replace(/e([+-]?\d+)$/, (m, e) => ` \\times 10^{${Number(e)}}`);
}

function plain(x, digits) {
  if (x === 0) return '0'; // also turns -0 into 0
  const abs = Math.abs(x);
  // Integer digits are never rounded away (−98765.4321 is −98765.4, not −98770): numbers with more
  // of them than `digits` keep them all and one decimal; from 10^6 on they are written as powers of 10.
  if (abs >= 1e-4 && abs < 1e6) {
    const integerDigits = Math.floor(Math.log10(abs)) + 1;
    return String(Number(x.toPrecision(integerDigits > digits ? integerDigits + 1 : digits)));
  }
  return x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
}

export const SHORT_VECTOR = 4; // vectors up to this long are written out; longer tensors by their shape

export const isShortVector = (v) => isTensor(v) && shapeOf(v).length === 1 && v.length <= SHORT_VECTOR;

/** A tensor of at most SHORT_VECTOR entries (a short vector, a 2×2 matrix, a 1×1 output): written out. */
const isSmallTensor = (v) => isTensor(v) && shapeOf(v).reduce((n, d) => n * d, 1) <= SHORT_VECTOR;

/** A value or gradient of any shape, short: scalars via fmt, small tensors in full ([[1, 2], [3, 4]]),
 *  else the shape ([3×2]). */
export function fmtAny(v) {
  if (!isTensor(v)) return fmt(v);
  if (!isSmallTensor(v)) return `[${shapeOf(v).join('×')}]`;
  const write = (x) => (Array.isArray(x) ? `[${x.map(write).join(', ')}]` : fmt(x));
  return write(v);
}

/** What a data-value / data-grad hook holds: the full-precision number, or JSON for a tensor. */
export function hookValue(v) {
  return isTensor(v) ? JSON.stringify(v) : String(v);
}

export function shapeOf(v) {
  const shape = [];
  for (let x = v; Array.isArray(x); x = x[0]) shape.push(x.length);
  return shape;
}

/** A tensor's entries as numbers in row-major order (non-finite strings become numbers). */
export function flatten(v) {
  return Array.isArray(v) ? v.flatMap(flatten) : [toNumber(v)];
}
