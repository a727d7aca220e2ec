// A small element builder and KaTeX rendering for the practice view (one job: making DOM).
import { renderTex } from '../katex.js';

/** el('button', {type: 'button', class: 'x', dataset: {k: 'v'}, on: {click}}, [children…]) */
export function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k === 'on') for (const [type, fn] of Object.entries(v)) node.addEventListener(type, fn);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of [].concat(children)) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** Typeset LaTeX into a new <span>. katex.render builds DOM and sets styles through the CSSOM, which
 *  the page's strict CSP allows (renderToString + innerHTML would need inline style attributes). */
export function math(latex, { display = false, label = null } = {}) {
  const span = el('span', { class: 'practice-math' });
  renderTex(span, String(latex), { displayMode: display, output: 'htmlAndMathml' });
  if (label) span.setAttribute('aria-label', label);
  return span;
}
