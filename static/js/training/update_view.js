// "Show this update": one mini-batch update as a table of parameter, value, gradient, update and
// new value (every matrix entry its own row, in the textbook's notation W^[1]_{jk}), plus the
// dropout masks of that mini-batch. The graph itself is drawn by the explorer.
import { toNumber } from '../api.js';
import { formatValue } from './curves.js';
import { describeOptimizer } from './config.js';
import { drawMasks } from './mask_view.js';

// Rows beyond this are summarised: a table of thousands of weights helps nobody; the explorer has all.
const MAX_ROWS = 120;

// The update after `cursor` ({epoch, batch}, 0-based): the next mini-batch, wrapping to the next
// epoch after the last one. Without a cursor: the first update after the epochs already trained.
export function nextCursor(cursor, batches, epochsDone = 0) {
  if (!cursor) return { epoch: epochsDone, batch: 0 };
  if (batches && cursor.batch + 1 >= batches) return { epoch: cursor.epoch + 1, batch: 0 };
  return { epoch: cursor.epoch, batch: cursor.batch + 1 };
}

const flat = (v) => (Array.isArray(v) ? v.flatMap(flat) : [toNumber(v)]);

// "W1" with flat index k of a (rows, cols) matrix → "W1[j,k]" (1-based, as the textbook's w_jk).
function entryName(name, shape, k) {
  if (shape.length === 2) return `${name}[${Math.floor(k / shape[1]) + 1},${(k % shape[1]) + 1}]`;
  if (shape.length === 1) return `${name}[${k + 1}]`;
  return name;
}

function shapeOf(v) {
  const shape = [];
  for (let x = v; Array.isArray(x); x = x[0]) shape.push(x.length);
  return shape;
}

// response.table: [{parameter, value, grad, update, new_value}] with matrices → one row per entry.
export function tableRows(table) {
  const rows = [];
  for (const item of table ?? []) {
    const shape = shapeOf(item.value);
    const value = flat(item.value);
    const grad = flat(item.grad);
    const update = flat(item.update);
    const after = item.new_value !== undefined ? flat(item.new_value) : value.map((v, k) => v + update[k]);
    value.forEach((v, k) => rows.push({ name: entryName(item.parameter, shape, k), value: v, grad: grad[k], update: update[k], after: after[k] }));
  }
  return rows;
}

export function renderUpdate(section, response, t) {
  section.hidden = false;
  const batches = response.batches ?? '?';
  section.querySelector('#train-update-title').textContent = t('training.update.title', { epoch: response.epoch + 1, batch: response.batch + 1, batches });
  const summary = [t('training.update.summary', { samples: response.samples?.length ?? '?', loss: formatValue(toNumber(response.loss)) })];
  if (response.optimizer) {
    const optimizer = describeOptimizer(response.optimizer, (name) => t(`training.opt.${name}`));
    summary.push(t('training.update.optimizer', { optimizer }));
  }
  for (const [layer, mask] of Object.entries(response.masks ?? {})) {
    const values = flat(mask);
    const kept = values.filter((v) => v !== 0).length;
    summary.push(t('training.update.mask', { layer, kept, total: values.length, scale: formatValue(Math.max(...values)) }));
  }
  section.querySelector('#train-update-summary').textContent = summary.join(' ');
  drawMasks(section.querySelector('#train-update-masks'), response.masks, t);
  const table = section.querySelector('#train-update-table');
  const rows = tableRows(response.table);
  const head = ['parameter', 'value', 'grad', 'update', 'after'].map((k) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = t(`training.update.${k}`);
    return th;
  });
  const thead = document.createElement('thead');
  thead.append(document.createElement('tr'));
  thead.firstChild.append(...head);
  const tbody = document.createElement('tbody');
  for (const row of rows.slice(0, MAX_ROWS)) {
    const tr = document.createElement('tr');
    tr.dataset.parameter = row.name;
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = row.name;
    tr.append(th);
    for (const key of ['value', 'grad', 'update', 'after']) {
      const td = document.createElement('td');
      td.textContent = formatValue(row[key]);
      td.dataset.value = String(row[key]);
      tr.append(td);
    }
    tbody.append(tr);
  }
  if (rows.length > MAX_ROWS) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = 5;
    td.textContent = t('training.update.more', { n: rows.length - MAX_ROWS });
    tr.append(td);
    tbody.append(tr);
  }
  table.replaceChildren(thead, tbody);
}

// The last update a run of `epochsDone` epochs took: the last mini-batch of its last epoch.
export function lastCursor(epochsDone, batches) {
  if (!(epochsDone >= 1) || !(batches >= 1)) return null;
  return { epoch: epochsDone - 1, batch: batches - 1 };
}

// The entry an update moved most, {name, update}, to say in words what the update changed.
export function largestChange(table) {
  let best = null;
  for (const row of tableRows(table)) {
    if (Number.isFinite(row.update) && (!best || Math.abs(row.update) > Math.abs(best.update))) best = { name: row.name, update: row.update };
  }
  return best;
}
