// Big graphs (more than ANIMATION_NODE_LIMIT nodes) drawn as many small SVGs instead of one.
//
// Why: Chromium records and rasters the paint of an <svg> as a whole, so when one text changes in a
// 2,000-node SVG the whole drawing is painted again (measured in headless Chromium, software
// raster: about 5 frames/s while stepping). Split into tiles of about TILE_NODES nodes, each its own
// <svg> in an HTML layer, a step repaints one or two small tiles (60 frames/s in the same
// experiment). Pan and zoom move that HTML layer with a CSS transform instead of rewriting a
// <g transform>, so they repaint only what the transform uncovers.
//
// Edges, nodes and edge labels are separate tiles, appended in that order, so every node is drawn
// above every edge and every label above both, as in the one-SVG drawing.

const SVG_NS = 'http://www.w3.org/2000/svg';
export const TILE_NODES = 100; // 50–300 measured the same; far fewer re-paints too much per step
const MARGIN = 12; // room for arrowheads and strokes outside a tile's node boxes

/**
 * Pure: groups a laid-out graph into tiles — a square grid over the drawing with about `perTile`
 * nodes per cell on average (empty cells dropped); each edge goes with its target's tile.
 * @param items Map(id → {x, y}) of node centres; edges [{id, target}]; bounds {width, height}
 * @returns [{nodes: [id], edges: [id]}]
 */
export function tileGraph(items, edges, bounds, perTile = TILE_NODES) {
  const count = Math.max(1, Math.round(items.size / perTile));
  const side = Math.max(1, Math.sqrt(Math.max(1, bounds.width) * Math.max(1, bounds.height) / count));
  const cells = new Map();
  const cellOf = new Map();
  for (const [id, m] of items) {
    const key = `${Math.floor(m.x / side)},${Math.floor(m.y / side)}`;
    if (!cells.has(key)) cells.set(key, { nodes: [], edges: [] });
    cells.get(key).nodes.push(id);
    cellOf.set(id, key);
  }
  for (const e of edges) cells.get(cellOf.get(e.target))?.edges.push(e.id);
  return [...cells.values()];
}

/** The box [x0, y0, x1, y1] around a list of [x0, y0, x1, y1] boxes, with MARGIN added. */
function union(boxes) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of boxes) {
    x0 = Math.min(x0, b[0]); y0 = Math.min(y0, b[1]); x1 = Math.max(x1, b[2]); y1 = Math.max(y1, b[3]);
  }
  return Number.isFinite(x0) ? [x0 - MARGIN, y0 - MARGIN, x1 + MARGIN, y1 + MARGIN] : [0, 0, 1, 1];
}

/**
 * The HTML layer of a big graph inside `container`:
 *   div.graph-large (pan/zoom target, aria group) > div.graph-world (CSS transform) > svg.graph-tile…
 * Tiles use layout coordinates (a viewBox equal to their box), so their content can be copied into
 * one SVG unchanged for export.
 */
export function createLargeStage(container) {
  const stage = document.createElement('div');
  stage.className = 'graph-large';
  stage.setAttribute('role', 'group');
  stage.setAttribute('aria-roledescription', 'graph');
  stage.style.display = 'none';
  const world = document.createElement('div');
  world.className = 'graph-world';
  const defs = document.createElementNS(SVG_NS, 'svg'); // the arrowhead markers the tiles refer to
  defs.setAttribute('class', 'graph-defs');
  defs.setAttribute('aria-hidden', 'true');
  defs.setAttribute('width', '0');
  defs.setAttribute('height', '0');
  stage.append(defs, world);
  container.append(stage);
  let exportCopy = null;

  /** An empty <svg> tile covering box [x0, y0, x1, y1] (layout coordinates). */
  function tile(kind, boxes) {
    const [x0, y0, x1, y1] = union(boxes);
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('class', `graph-tile tile-${kind}`);
    svg.setAttribute('viewBox', `${x0} ${y0} ${x1 - x0} ${y1 - y0}`);
    svg.setAttribute('width', String(x1 - x0));
    svg.setAttribute('height', String(y1 - y0));
    svg.style.left = `${x0}px`;
    svg.style.top = `${y0}px`;
    return svg;
  }

  function dropExportCopy() {
    exportCopy?.remove();
    exportCopy = null;
  }

  return {
    stage, world, defs, tile,
    show(on) { stage.style.display = on ? '' : 'none'; if (!on) { world.replaceChildren(); dropExportCopy(); } },
    /** Replace the tiles: edge tiles, then node tiles, then label tiles (paint order). */
    setTiles(edgeTiles, nodeTiles, labelTiles) {
      dropExportCopy();
      world.replaceChildren(...edgeTiles, ...nodeTiles, ...labelTiles);
    },
    setTransform(t) { world.style.transform = `translate(${t.x}px, ${t.y}px) scale(${t.k})`; },
    /** The state changed: an export copy made before no longer shows it. */
    stale: dropExportCopy,
    /**
     * One <svg> of the whole graph, as export.js expects (a top-level <g> whose transform holds the
     * pan/zoom, markers in <defs>): the tiles' contents copied into it. It is attached (off screen,
     * same size as the stage) so computed styles and getBBox work, and removed at the end of the
     * current task, so use it right away (export.js reads it synchronously): while it exists the
     * page holds every data-node-id twice.
     */
    composeSvg(transform, rootClass) {
      dropExportCopy();
      const svg = document.createElementNS(SVG_NS, 'svg');
      svg.setAttribute('class', `${rootClass} graph-export-copy`);
      svg.setAttribute('aria-hidden', 'true');
      const defsCopy = document.createElementNS(SVG_NS, 'defs');
      for (const child of defs.querySelectorAll('defs > *')) defsCopy.append(child.cloneNode(true));
      const layer = document.createElementNS(SVG_NS, 'g');
      layer.setAttribute('class', 'viewport');
      layer.setAttribute('transform', `translate(${transform.x},${transform.y}) scale(${transform.k})`);
      for (const t of world.children) {
        const g = document.createElementNS(SVG_NS, 'g');
        g.setAttribute('class', t.getAttribute('class').replace('graph-tile', 'graph-tile-copy'));
        for (const child of t.children) g.append(child.cloneNode(true));
        layer.append(g);
      }
      svg.append(defsCopy, layer);
      container.append(svg);
      exportCopy = svg;
      setTimeout(() => { if (exportCopy === svg) dropExportCopy(); }, 0);
      return svg;
    },
  };
}
