// "Show this update": one mini-batch update (issue 12 item 4). The optimiser's step for each parameter
// with its numbers (SGD θ ← θ − η g; momentum v and θ; Adam m, v, m̂, v̂ and θ; the L2 term where used)
// as formulas with the matrices printed, then a table with every entry its own row (W1[j,k] is the
// textbook's w^[1]_{jk}) and a column per quantity, plus the mini-batch's dropout masks. A chooser
// picks the epoch and mini-batch (the first update, or the latest one, a click away). The graph
// itself is drawn by the explorer.
import { renderTex } from '../katex.js';
import { registerStrings } from '../i18n.js';
import { toNumber } from '../api.js';
import tensorStrings from '../i18n/tensors.js';
import { formatValue } from './curves.js';
import { describeOptimizer } from './config.js';
import { drawMasks } from './mask_view.js';
import { fmt, fmtTex } from '../format.js';
import { texMatrix } from '../tensors/matrix_steps.js';

registerStrings(tensorStrings);

// Rows beyond this are summarised: a table of thousands of weights helps nobody; the explorer has all.
const MAX_ROWS = 120;

// The update "Show this update" opens by default: the first of the run, where the gradients are
// still large (the last update of a converged run has gradients near 0 and shows little).
export function firstCursor() {
  return { epoch: 0, batch: 0 };
}

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

// The optimiser state a row carries, in the order the update computes it (engine/networks/optim.py).
const STATE_KEYS = { sgd: [], momentum: ['velocity'], adam: ['m', 'v', 'm_hat', 'v_hat'] };

/** The table's columns for an update: θ, g, the L2 term λθ when λ > 0, the optimiser's state, Δθ, the
 *  new θ. Pure. */
export function stepColumns(optimizerName, l2 = 0) {
  return ['value', 'grad', ...(l2 > 0 ? ['l2_grad'] : []), ...(STATE_KEYS[optimizerName] ?? []), 'update', 'after'];
}

// response.table: [{parameter, value, grad, l2_grad, update, new_value, state}] with matrices → one
// row per entry, with every column's number.
export function tableRows(table) {
  const rows = [];
  for (const item of table ?? []) {
    const shape = shapeOf(item.value);
    const value = flat(item.value);
    const update = flat(item.update);
    const columns = {
      value,
      grad: flat(item.grad),
      l2_grad: item.l2_grad !== undefined ? flat(item.l2_grad) : value.map(() => 0),
      update,
      after: item.new_value !== undefined ? flat(item.new_value) : value.map((v, k) => v + update[k]),
    };
    for (const [key, v] of Object.entries(item.state ?? {})) columns[key] = flat(v);
    value.forEach((_, k) => {
      const row = { name: entryName(item.parameter, shape, k), parameter: item.parameter };
      for (const [key, list] of Object.entries(columns)) row[key] = list[k];
      rows.push(row);
    });
  }
  return rows;
}

// W1 → W^{[1]}, b2 → b^{[2]}: the textbook's symbol of a parameter.
const symbol = (name) => name.replace(/^([A-Za-z]+)(\d+)$/, '$1^{[$2]}');
const num = (v) => fmtTex(toNumber(v));

/** The optimiser step of one parameter as LaTeX lines with the numbers (matrices printed): the
 *  gradient used (with the L2 term λθ when λ > 0), the optimiser's state, the new θ. Pure. */
export function stepLines(item, optimizer, l2 = 0) {
  const th = symbol(item.parameter);
  const M = (v) => texMatrix(v);
  const lines = [];
  // The gradient the optimiser uses: ∂L/∂θ, plus λθ for a weight when L2 is on.
  let g = item.grad;
  if (l2 > 0 && item.parameter.startsWith('W')) {
    g = combine(item.grad, item.l2_grad, (a, b) => toNumber(a) + toNumber(b));
    lines.push(`g = \\frac{\\partial L}{\\partial ${th}} + \\lambda ${th} = ${M(item.grad)} + ${M(item.l2_grad)} = ${M(g)}`);
  } else {
    lines.push(`g = \\frac{\\partial L}{\\partial ${th}} = ${M(item.grad)}`);
  }
  const eta = num(optimizer.lr);
  const state = item.state ?? {};
  if (optimizer.name === 'momentum' && state.velocity) {
    lines.push(`v \\leftarrow ${num(optimizer.momentum)}\\, v + g = ${M(state.velocity)}`);
    lines.push(`${th} \\leftarrow ${th} - \\eta\\, v = ${M(item.value)} - ${eta}\\, ${M(state.velocity)} = ${M(item.new_value)}`);
  } else if (optimizer.name === 'adam' && state.m) {
    const t = optimizer.t;
    lines.push(`m \\leftarrow ${num(optimizer.beta1)}\\, m + ${num(1 - optimizer.beta1)}\\, g = ${M(state.m)}`);
    lines.push(`v \\leftarrow ${num(optimizer.beta2)}\\, v + ${num(1 - optimizer.beta2)}\\, g^2 = ${M(state.v)}`);
    lines.push(`\\hat m = \\frac{m}{1 - ${num(optimizer.beta1)}^{${t}}} = ${M(state.m_hat)}`);
    lines.push(`\\hat v = \\frac{v}{1 - ${num(optimizer.beta2)}^{${t}}} = ${M(state.v_hat)}`);
    lines.push(`${th} \\leftarrow ${th} - ${eta}\\, \\frac{\\hat m}{\\sqrt{\\hat v} + ${num(optimizer.eps)}} = ${M(item.value)} - ${M(neg(item.update))} = ${M(item.new_value)}`);
  } else {
    lines.push(`${th} \\leftarrow ${th} - \\eta\\, g = ${M(item.value)} - ${eta}\\, ${M(g)} = ${M(item.new_value)}`);
  }
  return lines;
}

// Entrywise f over two same-shaped nested lists, and the negation of one (−Δθ is what is subtracted).
function combine(a, b, f) {
  return Array.isArray(a) ? a.map((x, i) => combine(x, b[i], f)) : f(a, b);
}
const neg = (v) => (Array.isArray(v) ? v.map(neg) : -toNumber(v));

const KATEX_OPTIONS = { strict: 'ignore', displayMode: false };
// Parameters up to this many entries get their step written with matrices; larger ones are in the table.
const MAX_STEP_ENTRIES = 64;

function mathLine(tex) {
  const p = document.createElement('p');
  p.className = 'update-rule';
  renderTex(p, tex, KATEX_OPTIONS);
  p.dataset.tex = tex;
  return p;
}

/** The chooser: epoch and mini-batch (1-based), "First update", "Latest update". `nav`: {choose(cursor),
 *  latest: cursor | null, epochs: the run's epochs}. */
function drawChooser(section, response, t, nav) {
  let box = section.querySelector('.update-chooser');
  if (!nav?.choose) { box?.remove(); return; }
  if (!box) {
    box = document.createElement('form');
    box.className = 'update-chooser';
    box.innerHTML = `<label><span data-k="tensors.epoch"></span><input type="number" name="epoch" min="1" step="1" inputmode="numeric"></label>
      <label><span data-k="tensors.batch"></span><input type="number" name="batch" min="1" step="1" inputmode="numeric"></label>
      <button type="submit" data-k="tensors.go"></button>
      <button type="button" class="update-first" data-k="tensors.first"></button>
      <button type="button" class="update-latest" data-k="tensors.latest"></button>`;
    section.querySelector('#train-update-summary').after(box);
    box.addEventListener('submit', (e) => {
      e.preventDefault();
      box.nav.choose({ epoch: Number(box.elements.epoch.value) - 1, batch: Number(box.elements.batch.value) - 1 });
    });
    box.querySelector('.update-first').addEventListener('click', () => box.nav.choose(firstCursor()));
    box.querySelector('.update-latest').addEventListener('click', () => box.nav.latest && box.nav.choose(box.nav.latest));
  }
  box.nav = nav;
  for (const el of box.querySelectorAll('[data-k]')) el.textContent = t(el.dataset.k);
  box.elements.epoch.value = response.epoch + 1;
  box.elements.batch.value = response.batch + 1;
  if (nav.epochs) box.elements.epoch.max = nav.epochs;
  if (response.batches) box.elements.batch.max = response.batches;
  box.querySelector('.update-latest').disabled = !nav.latest;
}

/** The optimiser's step for each parameter, written out with its numbers. */
function drawStep(section, response, t, l2) {
  let box = section.querySelector('.update-step');
  if (!box) {
    box = document.createElement('div');
    box.className = 'update-step';
    section.querySelector('#train-update-masks').before(box);
  }
  renderOptimizerStep(box, response, t, l2);
}

/** Writes the optimiser's step of a step_view `response` into `box` (the training lab's update view,
 *  and the explorer beside the update's graph). */
export function renderOptimizerStep(box, response, t, l2 = l2Of(response.table)) {
  box.classList.add('update-step');
  const opt = response.optimizer ?? {};
  const heading = document.createElement('h4');
  heading.textContent = t('tensors.step.title');
  const parts = [heading];
  if (opt.rule) {
    const hyper = [['\\eta', opt.lr], ['\\mu', opt.momentum], ['\\beta_1', opt.beta1], ['\\beta_2', opt.beta2], ['\\epsilon', opt.eps], ['t', opt.t]]
      .filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => `${k} = ${num(v)}`).join(',\\ ');
    parts.push(mathLine(`${opt.rule}\\qquad (${hyper})`));
  }
  if (l2 > 0) {
    const note = document.createElement('p');
    note.textContent = t('tensors.step.l2', { l2: fmt(l2) });
    parts.push(note);
  }
  for (const item of response.table ?? []) {
    const count = flat(item.value).length;
    if (count > MAX_STEP_ENTRIES) {
      const note = document.createElement('p');
      note.className = 'update-param-large';
      note.textContent = t('tensors.step.tooLarge', { name: item.parameter, shape: shapeOf(item.value).join('×'), count });
      parts.push(note);
      continue;
    }
    const block = document.createElement('div');
    block.className = 'update-param';
    block.dataset.parameter = item.parameter;
    const name = document.createElement('h5');
    renderTex(name, `${symbol(item.parameter)}\\ (${shapeOf(item.value).join('\\times ')})`, KATEX_OPTIONS);
    block.append(name);
    for (const tex of stepLines(item, opt, l2)) block.append(mathLine(tex));
    parts.push(block);
  }
  box.replaceChildren(...parts);
}

/** L2's λ of an update: the ratio of a weight's L2 term to its value (the response gives λθ). */
export function l2Of(table) {
  for (const item of table ?? []) {
    if (!item.parameter.startsWith('W')) continue;
    const values = flat(item.value);
    const terms = flat(item.l2_grad ?? []);
    const k = values.findIndex((v) => v !== 0 && Number.isFinite(v));
    if (k >= 0 && terms[k]) return terms[k] / values[k];
  }
  return 0;
}

// Column headings that are the textbook's symbols in every language (the others are translated).
const COLUMN_LABELS = { l2_grad: 'λθ', velocity: 'v', m: 'm', v: 'v', m_hat: 'm̂', v_hat: 'v̂' };

export function renderUpdate(section, response, t, nav = null) {
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
  drawChooser(section, response, t, nav);
  const l2 = l2Of(response.table);
  drawStep(section, response, t, l2);
  drawMasks(section.querySelector('#train-update-masks'), response.masks, t);
  const table = section.querySelector('#train-update-table');
  const rows = tableRows(response.table);
  const columns = stepColumns(response.optimizer?.name, l2);
  const head = ['parameter', ...columns].map((k) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.dataset.key = k;
    th.textContent = COLUMN_LABELS[k] ?? t(`training.update.${k}`);
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
    for (const key of columns) {
      const td = document.createElement('td');
      td.textContent = fmt(row[key]);
      td.dataset.key = key;
      td.dataset.value = String(row[key]);
      tr.append(td);
    }
    tbody.append(tr);
  }
  if (rows.length > MAX_ROWS) {
    const tr = document.createElement('tr');
    const td = document.createElement('td');
    td.colSpan = columns.length + 1;
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
