// KaTeX for every view, loaded on first use so it never delays the first paint: the vendored minified
// build (static/vendor/katex/<version>/katex.min.js, a classic script that sets globalThis.katex) and
// its stylesheet. A formula asked for before it has arrived is typeset as soon as it does.
const KATEX_DIR = new URL('../vendor/katex/0.16.22/', import.meta.url); // inside the page's hashed prefix
let katex = globalThis.katex ?? null;
let loading = null;
let pending = [];
// The fonts formulas use, fetched with the stylesheet: a web font arriving later makes Chromium lay out
// every text on the page again, which on a 2,000-node graph stalled the first steps of playback for
// several hundred ms (measured in benchmarks/bench_browser.py).
const FORMULA_FONTS = ['1em KaTeX_Main', 'italic 1em KaTeX_Math', '1em KaTeX_Size1']; // [element, tex, options] typeset when KaTeX arrives

/** Starts loading KaTeX (once) and resolves with it; the page calls it after its first render. */
export function loadKatex() {
  if (katex) return Promise.resolve(katex);
  loading ??= new Promise((resolve, reject) => {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = new URL('katex.min.css', KATEX_DIR).href;
    css.onload = () => { for (const font of FORMULA_FONTS) document.fonts?.load(font).catch(() => {}); };
    const script = document.createElement('script');
    script.src = new URL('katex.min.js', KATEX_DIR).href;
    script.onload = () => resolve(globalThis.katex);
    script.onerror = () => reject(new Error('KaTeX did not load'));
    document.head.append(css, script);
  }).then((loaded) => {
    katex = loaded;
    for (const [el, tex, options] of pending) typeset(el, tex, options);
    pending = [];
    return katex;
  }, (err) => {
    for (const [el, tex] of pending) el.textContent = tex; // the source still says what the formula is
    pending = [];
    throw err;
  });
  return loading;
}

function typeset(el, tex, options) {
  try {
    katex.render(tex, el, options);
  } catch {
    el.textContent = tex;
  }
}

/** Typesets `tex` into `el` (katex.render builds DOM and sets styles through the CSSOM, which the
 *  page's strict CSP allows; renderToString + innerHTML would need inline style attributes). */
export function renderTex(el, tex, options = {}) {
  const opts = { throwOnError: false, ...options };
  if (katex) { typeset(el, tex, opts); return; }
  pending.push([el, String(tex), opts]);
  loadKatex().catch(() => {});
}
