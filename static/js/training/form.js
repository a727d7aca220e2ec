// Reads and writes the training form: DOM controls ↔ the plain config objects of config.js.
import { B_KEYS, SETTINGS } from './config.js';

const NUMBER_KEYS = new Set(['n', 'noise', 'dataSeed', 'lr', 'epochs', 'l2', 'dropout', 'devFraction', 'seed', 'batchSize',
  ...SETTINGS]);
const A_KEYS = ['dataset', 'n', 'noise', 'dataSeed', 'scales', 'loss', 'init', 'hidden', 'activation', 'optimizer', 'lr',
  ...SETTINGS, 'batchSize', 'l2', 'dropout', 'epochs', 'devFraction', 'seed', 'normalize', 'compare'];
const prefixOf = (run) => (run === 'B' ? 'train-b-' : 'train-');

function read(el, key) {
  if (el.type === 'checkbox') return el.checked;
  // Text a number field cannot read ("1e", "0.1.2") also has value '': it is NaN here, refused and
  // named by the form, not taken for an empty field (which, for an optimiser setting, means its default).
  if (el.validity?.badInput) return NaN;
  if (NUMBER_KEYS.has(key)) return el.value.trim() === '' ? '' : Number(el.value);
  return el.value;
}

function write(el, value) {
  if (el.type === 'checkbox') el.checked = Boolean(value);
  else el.value = value === null || value === undefined ? '' : String(value);
}

export function readForm(root) {
  const a = {};
  for (const key of A_KEYS) a[key] = read(root.querySelector(`#train-${key}`), key);
  const b = {};
  for (const key of B_KEYS) b[key] = read(root.querySelector(`#train-b-${key}`), key);
  return { a, b, csv: root.querySelector('#train-csv').value };
}

export function writeForm(root, a, b, uses) {
  for (const key of A_KEYS) write(root.querySelector(`#train-${key}`), a[key]);
  for (const key of B_KEYS) write(root.querySelector(`#train-b-${key}`), b[key]);
  showDependent(root, a, b, uses);
}

// Writes only `keys` of one run's configuration (e.g. after switching its optimiser).
export function writeKeys(root, config, keys, run = 'A') {
  for (const key of keys) write(root.querySelector(`#${prefixOf(run)}${key}`), config[key]);
}

// Controls that only make sense for some choices are hidden, not just disabled: an optimiser's settings
// only while it is chosen (μ for momentum, β1, β2 and ε for Adam: `uses`, config.js trainingSchema's,
// from the API's table of their defaults).
export function showDependent(root, a, b, uses) {
  root.querySelector('#train-generated').hidden = a.dataset === 'csv';
  root.querySelector('#train-csv-box').hidden = a.dataset !== 'csv';
  root.querySelector('#train-b').hidden = !a.compare;
  root.querySelector('#train-scatter-B').hidden = !a.compare;
  root.querySelector('#train-plots').classList.toggle('comparing', Boolean(a.compare));
  for (const [run, config] of [['A', a], ['B', b]]) {
    const used = uses[config.optimizer];
    for (const key of SETTINGS) root.querySelector(`#${prefixOf(run)}${key}-field`).hidden = !used.includes(key);
  }
}

// The field a ConfigError names: `field` of config A, or "b:field" of B.
export function fieldElement(root, field, run = 'A') {
  const id = field === 'csv' ? 'train-csv' : run === 'B' && B_KEYS.includes(field) ? `train-b-${field}` : `train-${field}`;
  return root.querySelector(`#${id}`);
}

// Which inputs change the data (a new scatter plot) rather than only the training.
export const DATA_KEYS = new Set(['dataset', 'n', 'noise', 'dataSeed', 'scales', 'csv']);
