// How wide a line of text is drawn, so node boxes and edge labels can be sized before anything is in
// the page. The page measures with a canvas in the graph's own font (exact, ~1 µs a string, cached);
// node's test runner, which has no canvas, uses the estimate below, which errs on the wide side.

/** Widths in em of a system sans-serif, by character class (bold adds BOLD_EXTRA). Generous: an
 *  estimate that is too small would let text cross its node's border. */
const EM = { cjk: 1.0, wide: 0.95, upper: 0.72, digit: 0.6, lower: 0.58, narrow: 0.32, space: 0.3, other: 0.7 };
const BOLD_EXTRA = 0.06;

function charClass(ch) {
  const c = ch.codePointAt(0);
  if (c >= 0x2e80 && c <= 0x9fff) return 'cjk'; // CJK punctuation, kana and ideographs
  if (c >= 0xff00 && c <= 0xffef) return 'cjk'; // full-width forms
  if ('mwMW@%'.includes(ch)) return 'wide';
  if (/[A-Z]/.test(ch)) return 'upper';
  if (/[0-9]/.test(ch)) return 'digit';
  if ('iljtf.,:;|!\'()[]₀₁₂₃₄₅₆₇₈₉'.includes(ch)) return 'narrow';
  if (ch === ' ') return 'space';
  if (/[a-z]/.test(ch)) return 'lower';
  return 'other'; // − ← × σ and the rest
}

/** Estimated width in px of `text` at `px` font size. Pure. */
export function estimateWidth(text, px, bold = false) {
  let em = 0;
  for (const ch of String(text)) em += EM[charClass(ch)] + (bold ? BOLD_EXTRA : 0);
  return em * px;
}

/** A measurer `(text, px, bold) → width` backed by a canvas in the font family `font()` returns (the
 *  page's), or by estimateWidth where there is no canvas. Bold is measured at weight 700, the heaviest
 *  the graph uses. Results are cached per string and style. */
export function createTextWidth(font) {
  const canvas = globalThis.document?.createElement?.('canvas');
  const g = canvas?.getContext?.('2d');
  if (!g) return estimateWidth;
  const cache = new Map();
  let family = null;
  return (text, px, bold = false) => {
    const key = `${px}|${bold ? 1 : 0}|${text}`;
    let w = cache.get(key);
    if (w === undefined) {
      family ??= font();
      g.font = `${bold ? 700 : 400} ${px}px ${family}`;
      // +4%: Chromium's SVG text and canvas text can differ by a sub-pixel per glyph (hinting).
      w = g.measureText(String(text)).width * 1.04;
      cache.set(key, w);
    }
    return w;
  };
}
