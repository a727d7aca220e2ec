// Downloads of what is on screen: the graph as SVG or PNG, and the API's JSON.
//
// The SVG file must look like the screen without the page's stylesheets, so the styles that matter are
// copied from the live elements onto a clone as presentation attributes (fill="…", not style="…":
// presentation attributes need no 'unsafe-inline' and every SVG viewer understands them). KaTeX
// formulas live in <foreignObject> HTML that most viewers (and a canvas) cannot draw, so each one
// becomes an SVG <text> with sub/superscripts as <tspan>s, built from the formula's TeX source.

const SVG_NS = 'http://www.w3.org/2000/svg';

// The computed properties that decide how a graph looks, with the value that means "nothing to
// write" (the SVG initial value) so the file stays small.
export const STYLE_DEFAULTS = {
  'fill': 'rgb(0, 0, 0)',
  'fill-opacity': '1',
  'stroke': 'none',
  'stroke-width': '1px',
  'stroke-opacity': '1',
  'stroke-dasharray': 'none',
  'stroke-linecap': 'butt',
  'stroke-linejoin': 'miter',
  'stroke-dashoffset': '0px',
  'stroke-miterlimit': '4',
  'fill-rule': 'nonzero',
  'paint-order': 'normal', // text halos: the stroke drawn under the fill
  'opacity': '1',
  'font-family': '',
  'font-size': '',
  'font-weight': '400',
  'font-style': 'normal',
  'letter-spacing': 'normal',
  'text-anchor': 'start',
  'dominant-baseline': 'auto',
  'visibility': 'visible',
  'marker-start': 'none',
  'marker-end': 'none',
};

// Text properties are only worth writing on elements that draw text.
const TEXT_ONLY = new Set(['font-family', 'font-size', 'font-weight', 'font-style', 'letter-spacing', 'text-anchor', 'dominant-baseline']);
const TEXT_TAGS = new Set(['svg', 'g', 'text', 'tspan', 'textPath', 'a']);

// A canvas larger than this fails silently (blank image) in Chromium; keep the PNG under it.
export const MAX_CANVAS_SIDE = 16384;
export const MAX_CANVAS_AREA = 16384 * 16384 / 4;

const STYLE_PROPS = Object.keys(STYLE_DEFAULTS);

// Properties an SVG child inherits from its parent: written only where they differ from the parent.
const INHERITED = new Set(Object.keys(STYLE_DEFAULTS).filter((p) => p !== 'opacity'));

/** Which [name, value] presentation attributes to write for one element, given its computed style
 * and its parent's (any object with getPropertyValue, or a plain {prop: value} map; no parent for the
 * root). Inherited properties equal to the parent's are left to inheritance. Pure, for unit tests. */
export function styleAttributes(computed, tagName = 'g', parentComputed = null) {
  const reader = (style) => (typeof style.getPropertyValue === 'function'
    ? (p) => style.getPropertyValue(p) : (p) => style[p] ?? '');
  const get = reader(computed);
  const getParent = parentComputed ? reader(parentComputed) : null;
  const out = [];
  for (const [prop, initial] of Object.entries(STYLE_DEFAULTS)) {
    if (TEXT_ONLY.has(prop) && !TEXT_TAGS.has(tagName)) continue;
    const value = String(get(prop) ?? '').trim();
    if (value === '') continue;
    const baseline = getParent && INHERITED.has(prop) ? String(getParent(prop) ?? '').trim() : initial;
    if (value === baseline) continue;
    out.push([prop, value]);
  }
  return out;
}

// TeX commands a graph label may use, drawn as the characters they stand for.
const TEX_SYMBOLS = {
  partial: '∂', sigma: 'σ', alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', eta: 'η',
  theta: 'θ', lambda: 'λ', mu: 'μ', pi: 'π', tau: 'τ', phi: 'φ', omega: 'ω', nabla: '∇', Sigma: 'Σ',
  cdot: ' · ', times: ' × ', div: ' ÷ ', pm: ' ± ', ge: ' ≥ ', geq: ' ≥ ', le: ' ≤ ', leq: ' ≤ ', ne: ' ≠ ',
  neq: ' ≠ ', approx: ' ≈ ', in: ' ∈ ', to: ' → ', infty: '∞', sum: 'Σ', odot: '⊙', top: '⊤', ldots: '…', cdots: '⋯',
  log: 'log', exp: 'exp', tanh: 'tanh', sin: 'sin', cos: 'cos', max: 'max', min: 'min',
  ',': ' ', ';': ' ', ':': ' ', '!': '', quad: '  ', qquad: '   ', '{': '{', '}': '}', '%': '%',
  left: '', right: '', big: '', Big: '', bigl: '', bigr: '',
};
const ACCENTS = { hat: '\u0302', bar: '\u0304', tilde: '\u0303', vec: '\u20D7', dot: '\u0307' };
const UNWRAP = new Set(['mathrm', 'mathbf', 'mathit', 'operatorname', 'boldsymbol', 'mathsf']);
// Blackboard letters of the engine's formulas (x ∈ ℝ^{2}).
const BLACKBOARD = { R: 'ℝ', N: 'ℕ' };
// Text mode: the argument is words, spaces included.
const TEXT_MODE = new Set(['text', 'textrm', 'textbf', 'textit', 'mbox']);
// Math-mode relations and operators get the spaces TeX would put around them.
const SPACED = { '=': ' = ', '+': ' + ', '<': ' < ', '>': ' > ', '-': '−' };

/** Turns a (simple) TeX formula into runs of plain text, each on the baseline, raised or lowered:
 * `w^{[1]}_{12}` → [{text:'w', shift:0}, {text:'[1]', shift:1}, {text:'12', shift:-1}].
 * Unknown commands keep their name, so nothing silently disappears. Pure. */
export function texToRuns(tex) {
  const runs = [];
  const push = (text, shift) => {
    if (!text) return;
    const last = runs[runs.length - 1];
    if (last && last.shift === shift) last.text += text;
    else runs.push({ text, shift });
  };
  let i = 0;
  const src = String(tex ?? '');

  function readGroup() {
    // One argument: {…} with nesting, a command, or a single character.
    while (src[i] === ' ') i++;
    if (src[i] === '{') {
      let depth = 0;
      const start = i + 1;
      for (; i < src.length; i++) {
        if (src[i] === '{') depth++;
        else if (src[i] === '}' && --depth === 0) break;
      }
      const inner = src.slice(start, i);
      i++;
      return inner;
    }
    if (src[i] === '\\') {
      const m = /^\\([A-Za-z]+|.)/.exec(src.slice(i));
      i += m ? m[0].length : 1;
      return m ? m[0] : '';
    }
    return src[i++] ?? '';
  }
  const flat = (s) => texToRuns(s).map((r) => r.text).join('');

  function walk(shift) {
    while (i < src.length) {
      const c = src[i];
      if (c === '^' || c === '_') {
        i++;
        const arg = readGroup();
        // Nested scripts stay at one level: readable beats exact for a label.
        push(flat(arg), c === '^' ? 1 : -1);
      } else if (c === '\\') {
        const m = /^\\([A-Za-z]+|.)/.exec(src.slice(i));
        if (!m) { i++; continue; }
        i += m[0].length;
        const name = m[1];
        if (name === 'frac' || name === 'dfrac' || name === 'tfrac') {
          const num = flat(readGroup());
          const den = flat(readGroup());
          const wrap = (s) => (s.length > 1 && /[+\-−·× ]/.test(s) ? `(${s})` : s);
          push(`${wrap(num)}/${wrap(den)}`, shift);
        } else if (TEXT_MODE.has(name)) {
          push(readGroup().replace(/[{}\\]/g, ''), shift);
        } else if (name === 'mathbf' && /^\{1\}\s*\\\{/.test(src.slice(i))) {
          readGroup();
          push('𝟙', shift); // the indicator 𝟙{z ≥ 0} of a derivative's condition (sum's 𝟏 stays a 1)
        } else if (UNWRAP.has(name)) {
          push(flat(readGroup()), shift);
        } else if (name === 'mathbb') {
          const letter = flat(readGroup());
          push(BLACKBOARD[letter] ?? letter, shift);
        } else if (name in ACCENTS) {
          push(flat(readGroup()) + ACCENTS[name], shift);
        } else if (name in TEX_SYMBOLS) {
          push(TEX_SYMBOLS[name], shift);
        } else {
          push(name, shift);
        }
      } else if (c === '{' || c === '}') {
        i++;
      } else if (c === '~') {
        push(' ', shift);
        i++;
      } else if (c === ' ' || c === '\n' || c === '\t') {
        i++; // spaces in math mode are only separators
      } else if (c in SPACED) {
        push(SPACED[c], shift);
        i++;
      } else {
        push(c, shift);
        i++;
      }
    }
  }
  walk(0);
  // Spaces doubled by adjacent operators, or left at the ends, are noise in a label.
  for (const run of runs) run.text = run.text.replace(/ {2,}/g, ' ');
  if (runs.length) {
    runs[0].text = runs[0].text.replace(/^ +/, '');
    runs[runs.length - 1].text = runs[runs.length - 1].text.replace(/ +$/, '');
  }
  return runs.filter((r) => r.text);
}

/** The TeX source behind a rendered formula, or null: KaTeX keeps it in a MathML annotation; a
 * renderer may also leave it in data-latex. */
export function texSource(el) {
  const annotation = el.querySelector('annotation[encoding="application/x-tex"]');
  if (annotation) return annotation.textContent;
  const holder = el.closest?.('[data-latex]') ?? el.querySelector('[data-latex]');
  return holder ? holder.getAttribute('data-latex') : null;
}

function textOf(el) {
  // Without TeX, the visible HTML text (KaTeX's .katex-html, not its hidden MathML twin).
  const visible = el.querySelector('.katex-html') ?? el;
  return visible.textContent.replace(/\s+/g, ' ').trim();
}

// Replaces a <foreignObject> (HTML inside SVG) by an SVG <text> that draws the same words.
function foreignObjectToText(doc, live, clone) {
  const x = Number(live.getAttribute('x')) || 0;
  const y = Number(live.getAttribute('y')) || 0;
  const w = Number(live.getAttribute('width')) || 0;
  const h = Number(live.getAttribute('height')) || 0;
  const tex = texSource(live);
  const runs = tex ? texToRuns(tex) : [{ text: textOf(live), shift: 0 }];
  const inner = live.querySelector('.katex') ?? live.firstElementChild ?? live;
  const style = getComputedStyle(inner);
  const text = doc.createElementNS(SVG_NS, 'text');
  text.setAttribute('x', String(x + w / 2));
  text.setAttribute('y', String(y + h / 2));
  text.setAttribute('text-anchor', 'middle');
  text.setAttribute('dominant-baseline', 'central');
  text.setAttribute('font-family', style.fontFamily || 'serif');
  text.setAttribute('font-size', style.fontSize || '14px');
  text.setAttribute('fill', style.color || 'rgb(0, 0, 0)');
  for (const run of runs) {
    const span = doc.createElementNS(SVG_NS, 'tspan');
    span.textContent = run.text;
    if (run.shift) {
      span.setAttribute('baseline-shift', run.shift > 0 ? 'super' : 'sub');
      span.setAttribute('font-size', '70%');
    }
    text.appendChild(span);
  }
  if (live.getAttribute('transform')) text.setAttribute('transform', live.getAttribute('transform'));
  clone.replaceWith(text);
}

// The first non-transparent background behind the graph, so the file is not see-through.
function backgroundOf(el) {
  for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) return bg;
  }
  return 'rgb(255, 255, 255)';
}

/** The drawing size of an <svg> in CSS pixels: its on-screen box, else width/height, else viewBox. */
export function svgSize(svg) {
  const box = svg.getBoundingClientRect?.();
  if (box && box.width > 0 && box.height > 0) return { width: Math.ceil(box.width), height: Math.ceil(box.height) };
  const w = parseFloat(svg.getAttribute('width'));
  const h = parseFloat(svg.getAttribute('height'));
  if (w > 0 && h > 0) return { width: w, height: h };
  const vb = svg.viewBox?.baseVal;
  if (vb && vb.width > 0) return { width: vb.width, height: vb.height };
  return { width: 800, height: 600 };
}

// Room around the drawing in an exported file, in screen pixels.
export const EXPORT_PADDING = 16;

/** The pan/zoom layer: a top-level <g> whose transform scales (what d3-zoom writes), or null. */
export function zoomLayer(svg) {
  for (const child of svg.children) {
    if (child.tagName === 'g' && /scale\(|matrix\(/.test(child.getAttribute('transform') ?? '')) return child;
  }
  return null;
}

/** What an export shows: the whole drawing wherever it is panned to, as a viewBox (user units) and an
 * output size (CSS pixels). With a pan/zoom layer the drawing keeps the on-screen zoom when that is
 * 1 or more, and is drawn at 1 when the screen is zoomed out (a fitted big graph stays readable);
 * `layer` then names that layer, whose transform the file drops. */
export function exportBox(svg) {
  const screen = svgSize(svg);
  const vb = svg.viewBox?.baseVal;
  // CSS pixels per user unit (1 unless the <svg> has a scaling viewBox).
  const k = vb && vb.width > 0 ? Math.min(screen.width / vb.width, screen.height / vb.height) : 1;
  const layer = zoomLayer(svg);
  let content = null;
  let zoom = 1;
  try {
    const b = (layer ?? svg).getBBox();
    if (b.width > 0 && b.height > 0) content = b;
    if (layer) zoom = Math.max(1, layer.transform.baseVal.consolidate()?.matrix.a ?? 1);
  } catch { /* not rendered: use the screen box */ }
  if (!content) {
    return { x: vb?.width > 0 ? vb.x : 0, y: vb?.width > 0 ? vb.y : 0, viewWidth: screen.width / k, viewHeight: screen.height / k, width: screen.width, height: screen.height, layer: null };
  }
  const scale = layer ? zoom * k : k;
  const pad = EXPORT_PADDING / scale;
  const viewWidth = content.width + 2 * pad;
  const viewHeight = content.height + 2 * pad;
  return {
    x: content.x - pad, y: content.y - pad, viewWidth, viewHeight,
    width: Math.ceil(viewWidth * scale), height: Math.ceil(viewHeight * scale), layer: content && layer ? layer : null,
  };
}

/** A standalone SVG document (string) that looks like `svgElement` does on screen. */
export function serializeSvg(svgElement) {
  const clone = svgElement.cloneNode(true);
  // Walk the live tree and its clone side by side: computed styles exist only on the live one.
  const box = exportBox(svgElement);
  const live = [svgElement, ...svgElement.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  const foreign = [];
  const hidden = [];
  // Each element's styles are read once into a plain object: its children compare against it, and
  // CSSStyleDeclaration lookups are the slow part of an export.
  const snapshots = new Map();
  const snapshot = (el) => {
    let snap = snapshots.get(el);
    if (!snap) {
      const computed = getComputedStyle(el);
      snap = { display: computed.display };
      for (const prop of STYLE_PROPS) snap[prop] = computed.getPropertyValue(prop);
      snapshots.set(el, snap);
    }
    return snap;
  };
  live.forEach((el, k) => {
    const copy = copies[k];
    // HTML inside a <foreignObject> is replaced as a whole below.
    if (!(el instanceof SVGElement)) return;
    if (el.tagName === 'foreignObject') { foreign.push([el, copy]); return; }
    const own = snapshot(el);
    if (own.display === 'none') { hidden.push(copy); return; }
    const parent = el === svgElement ? null : snapshot(el.parentElement);
    for (const [name, value] of styleAttributes(own, el.tagName, parent)) copy.setAttribute(name, value);
    copy.removeAttribute('class');
    copy.removeAttribute('style');
  });
  const doc = clone.ownerDocument;
  for (const [el, copy] of foreign) foreignObjectToText(doc, el, copy);
  for (const copy of hidden) copy.remove();

  if (box.layer) {
    // The file shows the drawing itself: no pan/zoom, nothing that lives outside the layer but <defs>.
    const layerCopy = copies[live.indexOf(box.layer)];
    for (const child of [...clone.children]) {
      if (child === layerCopy) child.removeAttribute('transform');
      else if (child.tagName !== 'defs' && child.tagName !== 'style') child.remove();
    }
  }
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(box.width));
  clone.setAttribute('height', String(box.height));
  clone.setAttribute('viewBox', [box.x, box.y, box.viewWidth, box.viewHeight].map((v) => +v.toFixed(3)).join(' '));
  const bg = doc.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('x', String(box.x));
  bg.setAttribute('y', String(box.y));
  bg.setAttribute('width', String(box.viewWidth));
  bg.setAttribute('height', String(box.viewHeight));
  bg.setAttribute('fill', backgroundOf(svgElement));
  clone.insertBefore(bg, clone.firstChild);
  // Interaction-only attributes mean nothing in a file.
  for (const el of [clone, ...clone.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      if (attr.name.startsWith('on') || attr.name === 'tabindex' || attr.name === 'role' || attr.name.startsWith('aria-')) el.removeAttribute(attr.name);
    }
  }
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone);
}

/** The graph as a standalone LaTeX (TikZ) document, drawn by the server from the request the link
 *  describes (worksheet/sources.js tikzRequest): for slides and exam sheets. */
export async function downloadTikz(query, filename = 'graph.tex') {
  const { tikzRequest } = await import('../worksheet/sources.js');
  const request = tikzRequest(query);
  if (!request) throw new Error('LaTeX export needs an expression or a network in the link');
  const res = await fetch(request.path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request.body) });
  if (!res.ok) throw new Error((await res.json().catch(() => null))?.detail?.message ?? `HTTP ${res.status}`);
  saveBlob(new Blob([await res.text()], { type: 'text/x-tex' }), filename);
}

/** `name` made safe as a file name, with the extension. */
export function safeFilename(name, ext) {
  const base = String(name || 'graph').replace(/\.[A-Za-z0-9]+$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '').slice(0, 80) || 'graph';
  return `${base}.${ext}`;
}

/** The PNG scale actually used: as asked, but small enough for a canvas Chromium can draw. */
export function pngScale(width, height, scale = 2) {
  let s = Math.max(0.1, Number(scale) || 1);
  s = Math.min(s, MAX_CANVAS_SIDE / width, MAX_CANVAS_SIDE / height, Math.sqrt(MAX_CANVAS_AREA / (width * height)));
  return s;
}

function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download before the browser has read the blob.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadSVG(svgElement, filename = 'graph.svg') {
  const text = serializeSvg(svgElement);
  saveBlob(new Blob([text], { type: 'image/svg+xml' }), safeFilename(filename, 'svg'));
  return text;
}

export async function downloadPNG(svgElement, filename = 'graph.png', scale = 2) {
  const text = serializeSvg(svgElement);
  const { width, height } = exportBox(svgElement);
  const s = pngScale(width, height, scale);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * s);
    canvas.height = Math.round(height * s);
    const g = canvas.getContext('2d');
    g.scale(s, s);
    g.drawImage(img, 0, 0, width, height);
    const blob = await new Promise((resolve, reject) => canvas.toBlob(
      (b) => (b ? resolve(b) : reject(new Error('The browser could not encode the PNG; try the SVG download instead.'))),
      'image/png'));
    saveBlob(blob, safeFilename(filename, 'png'));
    return blob;
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function downloadJSON(data, filename = 'graph.json') {
  const text = JSON.stringify(data, null, 2);
  saveBlob(new Blob([text + '\n'], { type: 'application/json' }), safeFilename(filename, 'json'));
  return text;
}
