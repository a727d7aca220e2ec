// The dropout masks of one mini-batch as small grids: one row per hidden unit, one column per
// sample (wide rather than tall: batches have more samples than layers have units); a dropped unit (mask 0) is dark, a kept one (scaled by 1/(1−p)) light. Keyed join per cell,
// so stepping to the next mini-batch flips cells in place.
import { toNumber } from '../api.js';
import { duration } from './palette.js';
import * as d3 from '../d3.js';

const CELL = 7;

export function drawMasks(container, masks, t) {
  const entries = Object.entries(masks ?? {});
  const figures = d3.select(container).selectAll('figure.train-mask').data(entries, ([name]) => name)
    .join((enter) => {
      const f = enter.append('figure').attr('class', 'train-mask');
      f.append('figcaption');
      f.append('svg').attr('role', 'img');
      return f;
    });
  figures.each(function draw([name, rows]) {
    const cells = rows.flatMap((row, i) => row.map((v, j) => ({ key: `${i},${j}`, i, j, kept: toNumber(v) !== 0 })));
    const width = rows.length * CELL;
    const height = (rows[0]?.length ?? 0) * CELL;
    const fig = d3.select(this);
    const kept = cells.filter((c) => c.kept).length;
    fig.select('figcaption').text(t('training.update.maskCaption', { layer: name, rows: rows.length, units: rows[0]?.length ?? 0 }));
    const svg = fig.select('svg').attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height)
      .attr('data-kept', kept).attr('data-total', cells.length)
      .attr('aria-label', t('training.update.maskLabel', { layer: name, kept, total: cells.length }));
    svg.selectAll('rect').data(cells, (c) => c.key)
      .join((enter) => enter.append('rect').attr('width', CELL - 1).attr('height', CELL - 1))
      .attr('x', (c) => c.i * CELL).attr('y', (c) => c.j * CELL)
      .attr('class', (c) => (c.kept ? 'kept' : 'dropped'))
      .transition().duration(duration(150))
      .attr('fill', (c) => (c.kept ? '#bfe6df' : '#333333'));
  });
}
