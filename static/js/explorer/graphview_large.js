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
//
// A recompute (another value typed, the same program with other numbers) updates the tiles by key
// instead of rebuilding them: each tile's key says everything drawn in it (ids, positions, titles),
// so a tile whose key is already on the page is kept as it is — same elements, so the numbers change
// in place and the pan/zoom and focus stay — and only tiles whose content moved are built again.
import * as d3 from '../d3.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
export const TILE_NODES = 100; // 50–300 measured the same; far fewer re-paints too much per step
const MARGIN = 12; // room for arrowheads and strokes outside a tile's node boxes

/**
 * Pure: groups a laid-out graph into tiles — a square grid over the drawing with about `perTile`
 * nodes per cell on average (empty cells dropped); each edge goes with its target's tile.
 * The cell side is rounded to a power of √2, so a small edit (one statement more, a wider title)
 * keeps the same grid and the tiles far from the edit keep their nodes (and their keys: planTiles).
 * @param items Map(id → {x, y}) of node centres; edges [{id, target}]; bounds {width, height}
 * @returns [{nodes: [id], edges: [id]}]
 */
export function tileGraph(items, edges, bounds, perTile = TILE_NODES) {
  const count = Math.max(1, Math.round(items.size / perTile));
  const exact = Math.sqrt(Math.max(1, bounds.width) * Math.max(1, bounds.height) / count);
  const side = Math.max(1, Math.SQRT2 ** Math.round(Math.log(exact) / Math.log(Math.SQRT2)));
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

const nodeBox = (m) => [m.x - m.width / 2, m.y - m.height / 2, m.x + m.width / 2, m.y + m.height / 2];
const labelBox = (l) => (l ? [l.x - l.width / 2, l.y - l.height / 2, l.x + l.width / 2, l.y + l.height / 2] : null);
const labelKey = (l) => (l ? [l.x, l.y, l.mode] : null);

/** What a node tile draws of node `m` (sized and placed): a change in any of it needs a new tile. */
const nodeKey = (m) => [m.id, m.node.kind, m.x, m.y, m.width, m.height, m.title, m.content?.name ?? '', m.heat ? [m.heat.rows, m.heat.cols, m.heat.cell] : 0];

/**
 * Pure: the tiles of a laid-out graph in paint order — every edge tile, then every node tile, then
 * every label tile — each {kind, key, ids, boxes}. `key` is the JSON of everything the tile draws
 * before any value is shown (ids, kinds, positions, sizes, titles, edge paths and label places), so
 * equal keys mean interchangeable drawings: the page keeps a tile whose key it already shows.
 * Values, gradients and classes are not in it; they are updated in place.
 * @param items Map(id → scene node: {id, node: {kind}, x, y, width, height, title, content, heat?})
 * @param edges [{id, target}]; geo Map(edge id → scene edge {d, box, label: {x, y, width, height,
 *   mode} | null}); bounds {width, height}
 */
export function planTiles(items, edges, geo, bounds, perTile = TILE_NODES) {
  const plan = { edges: [], nodes: [], labels: [] };
  const edgeById = new Map(edges.map((e) => [e.id, e]));
  for (const t of tileGraph(items, edges, bounds, perTile)) {
    const ms = t.nodes.map((id) => items.get(id));
    plan.nodes.push({ kind: 'nodes', ids: t.nodes, boxes: ms.map(nodeBox), key: JSON.stringify(['nodes', ms.map(nodeKey)]) });
    if (!t.edges.length) continue;
    const gs = t.edges.map((id) => geo.get(id));
    const ends = t.edges.map((id, i) => [id, edgeById.get(id).source, edgeById.get(id).target, gs[i].d]);
    plan.edges.push({ kind: 'edges', ids: t.edges, boxes: gs.map((g) => g.box), key: JSON.stringify(['edges', ends]) });
    plan.labels.push({ kind: 'labels', ids: t.edges, boxes: gs.map((g) => labelBox(g.label) ?? g.box),
      key: JSON.stringify(['labels', t.edges.map((id, i) => [id, labelKey(gs[i].label)])]) });
  }
  return [...plan.edges, ...plan.nodes, ...plan.labels];
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
    /**
     * Show the tiles of `plan` (planTiles) in its order with a D3 keyed join on the tile key: a tile
     * whose key is on the page keeps its element (datum updated to its entry in `plan`), a new key
     * gets an empty tile from tile(), a key no longer planned is removed; order() moves only the
     * elements that are out of place. Returns the selection of every tile (datum = its plan entry):
     * the caller joins each tile's content by id, which enters everything in a new tile and only
     * rebinds data in a kept one.
     */
    syncTiles(plan) {
      dropExportCopy();
      return d3.select(world).selectChildren('svg.graph-tile').data(plan, (t) => t.key).join(
        (enter) => enter.append((t) => tile(t.kind, t.boxes)),
        (update) => update,
        (exit) => exit.remove(),
      ).order();
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
