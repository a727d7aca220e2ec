// The mini-map of a graph bigger than its view: every node as a small box, the part on screen as a
// frame; a click or drag on it (mouse, pen or touch) moves the view there. Hidden while the whole
// graph is in view. One static SVG per scene plus one moving frame, so a 2,700-node graph costs one
// draw and then a rectangle per pan.
import { visibleBox } from './camera.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const WIDTH = 180; // px, the longer side of the map
const HEIGHT = 120;

export function createMinimap(container, { label, onMove }) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'graph-minimap');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label());
  svg.setAttribute('hidden', ''); // an attribute: SVG elements have no `hidden` property
  const nodes = document.createElementNS(SVG_NS, 'g');
  const frame = document.createElementNS(SVG_NS, 'rect');
  frame.setAttribute('class', 'minimap-frame');
  const current = document.createElementNS(SVG_NS, 'rect');
  current.setAttribute('class', 'minimap-current');
  svg.append(nodes, current, frame);
  container.append(svg);
  let bounds = { width: 1, height: 1 };
  let scale = 1;
  let items = new Map();

  /** Graph coordinates of a pointer event on the map. */
  const toGraph = (event) => {
    const r = svg.getBoundingClientRect();
    return [(event.clientX - r.left) / scale, (event.clientY - r.top) / scale];
  };
  let dragging = false;
  svg.addEventListener('pointerdown', (event) => {
    dragging = true;
    svg.setPointerCapture?.(event.pointerId);
    onMove(toGraph(event), false);
    event.stopPropagation();
  });
  svg.addEventListener('pointermove', (event) => { if (dragging) onMove(toGraph(event), false); });
  const stop = () => { dragging = false; };
  svg.addEventListener('pointerup', stop);
  svg.addEventListener('pointercancel', stop);

  return {
    /** A new scene: redraw the node boxes at map scale. */
    setScene(scene) {
      bounds = scene.bounds;
      items = scene.items;
      scale = Math.min(WIDTH / Math.max(1, bounds.width), HEIGHT / Math.max(1, bounds.height));
      svg.setAttribute('width', String(Math.ceil(bounds.width * scale)));
      svg.setAttribute('height', String(Math.ceil(bounds.height * scale)));
      svg.setAttribute('aria-label', label());
      const rects = [];
      for (const m of items.values()) {
        const r = document.createElementNS(SVG_NS, 'rect');
        r.setAttribute('class', `minimap-node kind-${m.node.kind}`);
        r.setAttribute('x', String((m.x - m.width / 2) * scale));
        r.setAttribute('y', String((m.y - m.height / 2) * scale));
        r.setAttribute('width', String(Math.max(1, m.width * scale)));
        r.setAttribute('height', String(Math.max(1, m.height * scale)));
        rects.push(r);
      }
      nodes.replaceChildren(...rects);
    },
    /** The view moved (or the graph now fits): update the frame, show the map only when needed. */
    setView(t, view, whole) {
      const hide = whole || !items.size;
      svg.toggleAttribute('hidden', hide);
      if (hide) return;
      const [x0, y0, x1, y1] = visibleBox(t, view);
      const clip = (v, max) => Math.max(0, Math.min(max, v));
      frame.setAttribute('x', String(clip(x0, bounds.width) * scale));
      frame.setAttribute('y', String(clip(y0, bounds.height) * scale));
      frame.setAttribute('width', String(Math.max(2, (clip(x1, bounds.width) - clip(x0, bounds.width)) * scale)));
      frame.setAttribute('height', String(Math.max(2, (clip(y1, bounds.height) - clip(y0, bounds.height)) * scale)));
    },
    /** Mark the current step's node on the map. */
    setCurrent(id) {
      const m = items.get(id);
      current.style.display = m ? '' : 'none';
      if (!m) return;
      current.setAttribute('x', String((m.x - m.width / 2) * scale - 1));
      current.setAttribute('y', String((m.y - m.height / 2) * scale - 1));
      current.setAttribute('width', String(m.width * scale + 2));
      current.setAttribute('height', String(m.height * scale + 2));
    },
    relabel() { svg.setAttribute('aria-label', label()); },
  };
}
