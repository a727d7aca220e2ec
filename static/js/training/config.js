// The training form's state as one plain object, and the pure conversions around it: to the API's
// request body, to and from the URL (keys prefixed `train_`). No DOM here, so node --test covers it.

export const DATASETS = ['xor', 'circles', 'moons', 'spiral', 'gaussians', 'csv'];
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'leaky_relu'];
export const LOSSES = ['bce', 'ce', 'mse'];
export const INITS = ['small', 'xavier', 'he'];
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'];

// Same bounds as the API's schema (app/schemas/train.py) and the engine's datasets, so the form
// refuses what the server would.
export const LIMITS = {
  n: [4, 5000], noise: [0, 10], lr: [1e-6, 100], epochs: [1, 100000], l2: [0, 100],
  dropout: [0, 0.95], devFraction: [0, 0.9], seed: [0, 2 ** 32 - 1], units: [1, 256], hiddenLayers: 7,
};

export const DEFAULTS = Object.freeze({
  dataset: 'spiral', n: 200, noise: 0.1, dataSeed: 0,
  hidden: '16, 16', activation: 'tanh', loss: 'bce', init: 'xavier',
  optimizer: 'adam', lr: 0.03, batchSize: 32, epochs: 300, l2: 0, dropout: 0,
  normalize: true, devFraction: 0.2, seed: 0,
  compare: false,
});

// Configuration B differs from A only in these (data, loss and split stay shared so the dev curves
// are comparable).
export const B_KEYS = ['hidden', 'activation', 'optimizer', 'lr', 'batchSize', 'l2', 'dropout'];
export const B_DEFAULTS = Object.freeze({ ...pick(DEFAULTS, B_KEYS), optimizer: 'sgd', lr: 0.3 });

const URL_KEYS = {
  dataset: 'train_data', n: 'train_n', noise: 'train_noise', dataSeed: 'train_dseed',
  hidden: 'train_hidden', activation: 'train_act', loss: 'train_loss', init: 'train_init',
  optimizer: 'train_opt', lr: 'train_lr', batchSize: 'train_bs', epochs: 'train_epochs', l2: 'train_l2',
  dropout: 'train_dropout', normalize: 'train_norm', devFraction: 'train_dev', seed: 'train_seed',
  compare: 'train_cmp',
};
const B_URL_PREFIX = 'train_b_';

function pick(obj, keys) {
  return Object.fromEntries(keys.map((k) => [k, obj[k]]));
}

export class ConfigError extends Error {
  constructor(field, key, params = {}) {
    super(key);
    this.field = field; // the form field to focus
    this.key = key; // i18n key of the message
    this.params = params;
  }
}

// "16, 16" → [16, 16]; "" → [] (no hidden layer: logistic regression).
export function parseHidden(text, field = 'hidden') {
  const trimmed = String(text ?? '').trim();
  if (trimmed === '') return [];
  const parts = trimmed.split(/[\s,;]+/).filter(Boolean);
  if (parts.length > LIMITS.hiddenLayers) throw new ConfigError(field, 'training.err.tooManyLayers', { max: LIMITS.hiddenLayers });
  return parts.map((p) => {
    const units = Number(p);
    if (!Number.isInteger(units) || units < LIMITS.units[0] || units > LIMITS.units[1]) {
      throw new ConfigError(field, 'training.err.units', { value: p, max: LIMITS.units[1] });
    }
    return units;
  });
}

// What the client needs to know about a CSV to build the network: the number of features and the
// distinct labels. The server parses it again, strictly, and explains any problem.
export function csvShape(text) {
  const rows = String(text ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  if (rows.length === 0) return null;
  const delimiter = [',', ';', '\t'].find((d) => rows[0].includes(d));
  const split = (l) => (delimiter ? l.split(delimiter) : l.split(/\s+/)).map((c) => c.trim());
  const numeric = (cells) => cells.every((c) => c !== '' && Number.isFinite(Number(c)));
  const body = numeric(split(rows[0])) ? rows : rows.slice(1);
  if (body.length === 0) return null;
  const width = split(body[0]).length;
  const labels = new Set(body.map((l) => split(l).at(-1)).map(Number));
  return { features: width - 1, labels: [...labels].sort((a, b) => a - b) };
}

// The output layer follows the loss (the textbook's pairs): sigmoid with BCE, softmax with CE.
export function outputLayer(loss, classes, labels = [0, 1]) {
  if (loss === 'ce') return { units: Math.max(2, classes), activation: 'softmax' };
  if (loss === 'mse' && labels.some((v) => v < 0 || v > 1)) return { units: 1, activation: 'identity' };
  return { units: 1, activation: 'sigmoid' };
}

function numberIn(config, key, [lo, hi], { integer = false } = {}) {
  const v = Number(config[key]);
  if (config[key] === '' || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) {
    throw new ConfigError(key, integer ? 'training.err.integer' : 'training.err.range', { lo, hi });
  }
  return v;
}

// The body of POST /api/v1/train(/stream) for one configuration. `data` = {features, labels} of the
// current data (2 and [0, 1] for the generated sets). Throws ConfigError naming the field to fix.
export function toRequest(config, data = { features: 2, labels: [0, 1] }, csvText = '') {
  const hidden = parseHidden(config.hidden);
  const classes = data.labels.length;
  const layers = [...hidden.map((units) => ({ units, activation: config.activation })),
    outputLayer(config.loss, classes, data.labels)];
  const batch = config.batchSize === '' || config.batchSize === null ? null
    : numberIn(config, 'batchSize', [1, 100000], { integer: true });
  const body = {
    input_size: data.features,
    layers,
    loss: config.loss,
    init: config.init,
    optimizer: { name: config.optimizer, lr: numberIn(config, 'lr', LIMITS.lr) },
    epochs: numberIn(config, 'epochs', LIMITS.epochs, { integer: true }),
    batch_size: batch,
    shuffle: true,
    l2: numberIn(config, 'l2', LIMITS.l2),
    dropout: numberIn(config, 'dropout', LIMITS.dropout),
    normalize: Boolean(config.normalize),
    dev_fraction: numberIn(config, 'devFraction', LIMITS.devFraction),
    seed: numberIn(config, 'seed', LIMITS.seed, { integer: true }),
  };
  if (config.dataset === 'csv') {
    if (!String(csvText).trim()) throw new ConfigError('csv', 'training.err.csvEmpty');
    body.csv = csvText;
  } else {
    body.dataset = {
      name: config.dataset,
      n: numberIn(config, 'n', LIMITS.n, { integer: true }),
      noise: numberIn(config, 'noise', LIMITS.noise),
      seed: numberIn(config, 'dataSeed', LIMITS.seed, { integer: true }),
    };
  }
  return body;
}

// Configuration B = A with B's own hyperparameters.
export function configB(a, b) {
  return { ...a, ...pick(b, B_KEYS) };
}

function decode(key, raw, fallback) {
  if (raw === undefined) return fallback;
  if (typeof fallback === 'boolean') return raw === '1' || raw === 'true';
  if (typeof fallback === 'number') {
    if (key === 'batchSize' && raw === 'full') return '';
    const v = Number(raw);
    return Number.isFinite(v) ? v : fallback;
  }
  return raw;
}

function encode(key, value, fallback) {
  if (value === fallback) return null; // defaults stay out of the link
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (key === 'batchSize' && value === '') return 'full';
  return String(value);
}

// {train_lr: "0.1", …} → {a, b}: the two configurations, defaults filled in, unknown values dropped.
export function fromURL(params) {
  const a = {};
  for (const [key, urlKey] of Object.entries(URL_KEYS)) a[key] = decode(key, params[urlKey], DEFAULTS[key]);
  const b = {};
  for (const key of B_KEYS) b[key] = decode(key, params[B_URL_PREFIX + URL_KEYS[key].slice(6)], B_DEFAULTS[key]);
  for (const [key, allowed] of [['dataset', DATASETS], ['activation', ACTIVATIONS], ['loss', LOSSES],
    ['init', INITS], ['optimizer', OPTIMIZERS]]) {
    if (!allowed.includes(a[key])) a[key] = DEFAULTS[key];
    if (key in b && !allowed.includes(b[key])) b[key] = B_DEFAULTS[key];
  }
  return { a, b };
}

// The inverse: every URL key of the view, null where the value is the default (removes it).
export function toURL(a, b) {
  const out = {};
  for (const [key, urlKey] of Object.entries(URL_KEYS)) out[urlKey] = encode(key, a[key], DEFAULTS[key]);
  for (const key of B_KEYS) {
    out[B_URL_PREFIX + URL_KEYS[key].slice(6)] = a.compare ? encode(key, b[key], B_DEFAULTS[key]) : null;
  }
  return out;
}
