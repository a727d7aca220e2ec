// What is drawn inside a node, and how big its box must be for that. The renderer (graphview.js) asks
// contentFor(node) for a node's content and calls, for every node:
//
//   size(node, env) → {width, height}     pure: the box that holds everything this content can ever
//                                          show (title, value, grad, in every language), so boxes do
//                                          not change size while stepping and no text crosses them
//   enter(g)                               once, when the node's <g> is created: append its elements
//   place(g, item, [ox, oy])               after layout: put them inside the box; item = {width,
//                                          height, title, …}; (ox, oy) is the box centre in g's frame
//   update(g, item, shown, env)            on every step: shown = {value, grad} (null = not revealed
//                                          yet); only write what differs (big graphs repaint per write)
//
// env = {t (current language), words: {value: [every language], grad: […]}, textWidth(text, px, bold),
//        fmt (the one number formatter), sizeFmt (what size() formats numbers with: fmt, or for big
//        graphs the widest number fmt writes, so a recompute with other numbers keeps the layout)}.
//
// Optional: name (a short id: a tiled big graph rebuilds a tile when it changes) and title(base, node)
// (the node's title line; default: base, e.g. "e = a + d").
//
// To draw something else in a node (matrices, a different tensor view): write an object with these
// four functions in its own module and return it from contentFor for the nodes it is for. Keep size()
// honest: tests/browser/test_graph_fit.py checks that every text of every node lies inside its box.
import { fmt, isTensor } from '../format.js';
import { matrixContent } from '../tensors/matrix_content.js';

export const TITLE_PX = 14; // .node-title (static/css/app.css)
export const ROW_PX = 13; // .node-value, .node-grad
// The smallest text a node content may draw (printed matrix entries, tensors.css) when it does not say
// its own (`textPx`): fit keeps node text at least 11 px on screen.
export const SMALLEST_NODE_PX = 12;
export const PAD_X = 12; // between a text and the box's side
const MIN_WIDTH = 64;
export const MAX_TITLE_WIDTH = 240; // longer titles end in "…"; the tooltip has them whole
// The widest text fmt writes for a number (4 significant digits, exponent of three digits).
export const WIDEST_NUMBER = '\u22121.235e+100';

/** `title` shortened with "…" until it is at most `max` px wide. */
export function fitTitle(title, max, textWidth) {
  if (textWidth(title, TITLE_PX, true) <= max) return title;
  const chars = [...title];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) { // the longest prefix that fits with its ellipsis
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join('')}…`, TITLE_PX, true) <= max) lo = mid; else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('')}…`;
}

/** The widest of `word number` over every language's word. */
const rowWidth = (words, number, textWidth) => Math.max(...words.map((w) => textWidth(number === '' ? w : `${w} ${number}`, ROW_PX, true)));

const setText = (sel, text) => {
  const el = sel.node();
  if (el && el.textContent !== text) el.textContent = text;
};

/** A scalar node: its title, then "value 3", then "grad −2". */
export const scalarContent = {
  name: 'scalar',
  textPx: ROW_PX, // its smallest text (the camera keeps it readable)
  size(node, env) {
    const shown = env.sizeFmt ?? fmt;
    const value = rowWidth(env.words.value, shown(node.value), env.textWidth);
    const grad = node.kind === 'constant' ? 0 : rowWidth(env.words.grad, shown(node.grad), env.textWidth);
    const title = env.textWidth(env.title, TITLE_PX, true);
    return { width: Math.ceil(Math.max(MIN_WIDTH, title, value, grad) + 2 * PAD_X), height: 66 };
  },
  enter(g) {
    g.append('text').attr('class', 'node-title');
    g.append('text').attr('class', 'node-value');
    g.append('text').attr('class', 'node-grad');
  },
  place(g, item, [ox, oy]) {
    const top = oy - item.height / 2;
    g.select('text.node-title').attr('x', ox).attr('y', top + 19).text(item.title);
    g.select('text.node-value').attr('x', ox).attr('y', top + 39);
    g.select('text.node-grad').attr('x', ox).attr('y', top + 57);
  },
  update(g, item, shown, env) {
    setText(g.select('text.node-value'), shown.value === null ? '' : `${env.t('explorer.node.value')} ${env.fmt(shown.value)}`);
    setText(g.select('text.node-grad'), shown.grad === null ? '' : `${env.t('explorer.node.grad')} ${env.fmt(shown.grad)}`);
  },
};

/** The content drawn in `node`. Add a case here (before the scalar fallback) for a new kind of node. */
// Tensors: printed matrices (≤ 8×8) or heat maps with a legend, static/js/tensors/matrix_content.js.
export function contentFor(node) {
  return isTensor(node.value) ? matrixContent : scalarContent;
}
