// Camera maths: where the view looks and how close. Pure, so node's test runner checks it.
// A transform is d3-zoom's {x, y, k}: screen = graph · k + (x, y).

export const MIN_TEXT_PX = 11; // no text drawn smaller than this by fit or follow (issue 14)
export const MAX_FIT_SCALE = 1.6; // a tiny graph is not blown up past this
const PAD = 24; // px kept free around a fitted graph
const FOLLOW_MARGIN = 40; // px: a current node closer than this to the border is panned into view

/** The smallest scale at which text of `smallestPx` still reads MIN_TEXT_PX on screen. */
export const readableScale = (smallestPx) => MIN_TEXT_PX / smallestPx;

/** The scale fit never goes below: node text (the smallest a node draws, `nodeTextPx`) at MIN_TEXT_PX
 *  on screen, or more when asked (projector mode's `minNodePx`). Node text binds it, not edge labels:
 *  an edge's numbers are also in the step panel and the tooltip, and binding fit to the labels' smaller
 *  font showed 12% less of the graph. */
export const fitFloor = (nodeTextPx, minNodePx = 0) => Math.max(readableScale(nodeTextPx), minNodePx / nodeTextPx);

/**
 * The whole graph in the view, unless that makes text smaller than readable: then the readable scale,
 * centred on `focus` ([x, y] in graph coordinates, e.g. the current step's node; default the graph's
 * centre), kept from showing
 * more empty space beyond the graph's edges than needed.
 * @returns {x, y, k, whole: true when the whole graph is in view}
 */
export function fitTransform(bounds, view, { minScale = 0, focus = null } = {}) {
  const fitK = Math.min(MAX_FIT_SCALE, (view.width - 2 * PAD) / Math.max(1, bounds.width), (view.height - 2 * PAD) / Math.max(1, bounds.height));
  if (fitK >= minScale) {
    return { x: (view.width - bounds.width * fitK) / 2, y: (view.height - bounds.height * fitK) / 2, k: fitK, whole: true };
  }
  const k = minScale;
  const [fx, fy] = focus ?? [bounds.width / 2, bounds.height / 2];
  return { ...clampToGraph({ x: view.width / 2 - fx * k, y: view.height / 2 - fy * k, k }, bounds, view), whole: false };
}

/** The height a view `width` px wide needs to show the graph as fit draws it there with room to
 *  spare in neither direction: scaled to the width (at most MAX_FIT_SCALE, at least `minScale`, the
 *  readable floor) with PAD above and below. For boxes that take their drawing's height (phones). */
export function fitHeight(bounds, width, { minScale = 0 } = {}) {
  const k = Math.max(minScale, Math.min(MAX_FIT_SCALE, (width - 2 * PAD) / Math.max(1, bounds.width)));
  return Math.ceil(bounds.height * k + 2 * PAD);
}

/** Along each axis where the graph is bigger than the view, no more than PAD of empty space at an
 *  edge; where it is smaller, centred. */
export function clampToGraph(t, bounds, view) {
  const axis = (pos, size, viewSize) => {
    const drawn = size * t.k;
    if (drawn + 2 * PAD <= viewSize) return (viewSize - drawn) / 2;
    return Math.min(PAD, Math.max(viewSize - PAD - drawn, pos));
  };
  return { x: axis(t.x, bounds.width, view.width), y: axis(t.y, bounds.height, view.height), k: t.k };
}

/**
 * The smallest pan (scale kept) that brings the current step into view with a margin: `boxes` are
 * [x0, y0, x1, y1] in graph coordinates, widest first (the current node with the other ends of its
 * edges, then the node alone); the first that fits in the view is used, and one that does not fit even
 * alone is centred. null when it is in view already, so a step inside the view does not move it.
 */
export function followTransform(t, boxes, view, margin = FOLLOW_MARGIN) {
  const onScreen = (b) => [b[0] * t.k + t.x, b[1] * t.k + t.y, b[2] * t.k + t.x, b[3] * t.k + t.y];
  const fits = (s) => s[2] - s[0] <= view.width - 2 * margin && s[3] - s[1] <= view.height - 2 * margin;
  const screen = boxes.map(onScreen);
  const s = screen.find(fits) ?? screen[screen.length - 1];
  const shift = (lo, hi, size) => {
    if (hi - lo > size - 2 * margin) return size / 2 - (lo + hi) / 2;
    if (lo < margin) return margin - lo;
    if (hi > size - margin) return size - margin - hi;
    return 0;
  };
  const dx = shift(s[0], s[2], view.width);
  const dy = shift(s[1], s[3], view.height);
  if (Math.abs(dx) < 0.5 && Math.abs(dy) < 0.5) return null;
  return { x: t.x + dx, y: t.y + dy, k: t.k };
}

/** The part of the graph the view shows, in graph coordinates [x0, y0, x1, y1] (for the mini-map). */
export const visibleBox = (t, view) => [-t.x / t.k, -t.y / t.k, (view.width - t.x) / t.k, (view.height - t.y) / t.k];

/** Whether transform `t` draws the whole graph (`bounds`) inside `view` (1 px of slack). */
export const showsWhole = (t, bounds, view) => t.x >= -1 && t.y >= -1
  && t.x + bounds.width * t.k <= view.width + 1 && t.y + bounds.height * t.k <= view.height + 1;

/**
 * After the graph (an edit that keeps its nodes: a longer title, wider numbers) or the view (a
 * scroll bar appearing, a turned phone) changed size: fit again when the camera showed the whole
 * graph and would now leave part of it outside — unless the reader zoomed or panned on purpose since
 * the last fit (`moved`): their camera is theirs. A graph already larger than the view keeps its
 * camera (stepping follows the current node). `before`/`after`: {bounds, view}.
 */
export const refitNeeded = (t, before, after, moved) =>
  !moved && showsWhole(t, before.bounds, before.view) && !showsWhole(t, after.bounds, after.view);
