// The mini-map of a graph bigger than its view: every node as a small box, the part on screen as a
// frame, the current step's node outlined; a click or drag on it (mouse, pen or touch) moves the view
// there. Hidden while the whole graph is in view. Drawn on a canvas: a 2,700-node graph is one bitmap
// drawn once per scene (no 2,700 elements to lay out again on each recompute), then one blit and two
// rectangles per pan.
import { visibleBox } from './camera.js';

const WIDTH = 180; // px: the map fits in WIDTH × HEIGHT
const HEIGHT = 120;
const MIN_SIDE = 24; // px: a very tall or wide graph still gets a map one can aim at
// At most this share of the view's width and height: on a phone (a 374 × 279 graph area) a map of a
// nearly square graph (a layer view's rows) took 127 × 120 px, a third of what the reader came to see.
const MAX_SHARE = 0.3;

export function createMinimap(container, { label, onMove }) {
  const canvas = document.createElement('canvas');
  canvas.className = 'graph-minimap';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label());
  canvas.hidden = true;
  container.append(canvas);
  const nodesLayer = document.createElement('canvas'); // the nodes, drawn once per scene
  let bounds = { width: 1, height: 1 };
  let scale = 1;
  let items = new Map();
  let view = null; // [x0, y0, x1, y1] in graph coordinates
  let current = null;
  let limits = [WIDTH, HEIGHT];
  /** The map's largest size in a view of `size`: WIDTH × HEIGHT, at most MAX_SHARE of the view. */
  const limitsFor = (size) => [Math.min(WIDTH, Math.round(size.width * MAX_SHARE)), Math.min(HEIGHT, Math.round(size.height * MAX_SHARE))];
  /** Map px per graph unit for graph bounds `b` within `lim`. */
  const scaleFor = (b, lim) => Math.min(lim[0] / Math.max(1, b.width), lim[1] / Math.max(1, b.height));
  /** The map's [width, height] in px for graph bounds `b` within `lim`. */
  const extent = (b, lim) => {
    const k = scaleFor(b, lim);
    return [Math.max(MIN_SIDE, Math.ceil(b.width * k)), Math.max(MIN_SIDE, Math.ceil(b.height * k))];
  };
  const ratio = () => globalThis.devicePixelRatio || 1;
  const colour = (name, fallback) => getComputedStyle(container).getPropertyValue(name).trim() || fallback;

  /** Graph coordinates of a pointer event on the map. */
  const toGraph = (event) => {
    const r = canvas.getBoundingClientRect();
    return [(event.clientX - r.left) / scale, (event.clientY - r.top) / scale];
  };
  let dragging = false;
  canvas.addEventListener('pointerdown', (event) => {
    dragging = true;
    canvas.setPointerCapture?.(event.pointerId);
    onMove(toGraph(event));
    event.stopPropagation();
  });
  canvas.addEventListener('pointermove', (event) => { if (dragging) onMove(toGraph(event)); });
  const stop = () => { dragging = false; };
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);

  function paint() {
    if (canvas.hidden) return;
    const g = canvas.getContext('2d');
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, canvas.width, canvas.height);
    g.drawImage(nodesLayer, 0, 0);
    g.setTransform(ratio(), 0, 0, ratio(), 0, 0);
    if (view) {
      const clip = (v, max) => Math.max(0, Math.min(max, v));
      const [x0, y0] = [clip(view[0], bounds.width) * scale, clip(view[1], bounds.height) * scale];
      const [x1, y1] = [clip(view[2], bounds.width) * scale, clip(view[3], bounds.height) * scale];
      g.fillStyle = 'rgba(0, 114, 178, 0.10)';
      g.strokeStyle = colour('--color-value', '#0072B2');
      g.lineWidth = 1.5;
      g.fillRect(x0, y0, Math.max(2, x1 - x0), Math.max(2, y1 - y0));
      g.strokeRect(x0, y0, Math.max(2, x1 - x0), Math.max(2, y1 - y0));
    }
    const m = items.get(current);
    if (m) {
      g.strokeStyle = colour('--color-current', '#000');
      g.lineWidth = 2;
      g.strokeRect((m.x - m.width / 2) * scale - 1, (m.y - m.height / 2) * scale - 1, m.width * scale + 2, m.height * scale + 2);
    }
  }

  return {
    /** A new scene: the node boxes at map scale. */
    setScene(scene) {
      bounds = scene.bounds;
      items = scene.items;
      scale = scaleFor(bounds, limits);
      const [w, h] = extent(bounds, limits);
      canvas.style.width = `${w}px`;
      canvas.style.height = `${h}px`;
      for (const c of [canvas, nodesLayer]) { c.width = Math.ceil(w * ratio()); c.height = Math.ceil(h * ratio()); }
      const g = nodesLayer.getContext('2d');
      g.setTransform(ratio(), 0, 0, ratio(), 0, 0);
      const plain = '#b8c0ca';
      const param = colour('--color-param', '#0f8b8d');
      for (const m of items.values()) {
        g.fillStyle = m.node.kind === 'parameter' ? param : plain;
        g.fillRect((m.x - m.width / 2) * scale, (m.y - m.height / 2) * scale, Math.max(1, m.width * scale), Math.max(1, m.height * scale));
      }
      canvas.setAttribute('aria-label', label());
      paint();
    },
    /** The map's height (px) in a view of `room` (what it is sized by: see setView). */
    heightFor(room) { return extent(bounds, limitsFor(room))[1]; },
    /** The view moved (or the graph now fits): move the frame, show the map only when needed. `size`
     *  is the drawing's; `room` the graph area's, which sizes the map (the drawing leaves a band at
     *  the bottom for the map, which must not size the map in turn). */
    setView(t, size, whole, room = size) {
      const fit = limitsFor(room);
      if (fit[0] !== limits[0] || fit[1] !== limits[1]) {
        limits = fit;
        if (items.size) this.setScene({ bounds, items });
      }
      canvas.hidden = whole || !items.size;
      view = visibleBox(t, size);
      paint();
    },
    /** Outline the current step's node. */
    setCurrent(id) {
      current = id;
      paint();
    },
    relabel() { canvas.setAttribute('aria-label', label()); },
  };
}
