// The training form's state as one plain object, and the pure conversions around it: to the API's
// request body, to and from the URL (keys prefixed `train_`). No DOM here, so node --test covers it.

import { choicesOf, layerLimit, rangeOf, schemaAt, tableOf } from '../schema.js';

// The choices the form offers are the API's (the engine's tuples, the training request's enums), read
// from GET /openapi.json by `trainingChoices`; their words are the page's (static/js/i18n/training.js).
const CHOICES_IN_SCHEMA = {
  dataset: ['dataset', 'name'], activation: ['layers', '[]', 'activation'], loss: ['loss'], init: ['init'],
  optimizer: ['optimizer', 'name'],
};
// The form's activation is its hidden layers' (the output layer follows the loss: outputLayer).
// Softmax makes a layer a distribution over its units and identity layers collapse into one linear
// map: neither is a hidden layer the lab teaches with.
const NOT_HIDDEN = ['softmax', 'identity'];
// Besides the generated data sets, the user's own: the request's `csv`.
const OWN_DATA = 'csv';

/** {dataset, activation, loss, init, optimizer} → the values the form offers, from the API's schema;
 *  a choice the schema does not state is null. */
export function trainingChoices(openapi) {
  const out = {};
  for (const [key, path] of Object.entries(CHOICES_IN_SCHEMA)) out[key] = choicesOf(schemaAt(openapi, 'TrainRequest', ...path));
  if (out.dataset) out.dataset.push(OWN_DATA);
  if (out.activation) out.activation = out.activation.filter((a) => !NOT_HIDDEN.includes(a));
  return out;
}

/** The choices to draw: the schema's, or where it said nothing (it could not be fetched) the values
 *  the configurations hold, so the form still shows and sends them (the API judges them). */
export function offeredChoices(choices, ...configs) {
  return Object.fromEntries(Object.keys(CHOICES_IN_SCHEMA).map((key) => [key,
    choices[key] ?? [...new Set(configs.map((c) => c[key]).filter((v) => typeof v === 'string'))]]));
}

// The bounds the form checks are the API's (the engine's, stated in the training request's schema),
// read from GET /openapi.json by `trainingLimits`: {key: [lo, hi, ends]}, ends as `inRange` takes
// them. Until the schema has arrived the form checks only that numbers are numbers and the API refuses
// the rest (the form's check is a courtesy; the API is the authority).
const BOUNDS_IN_SCHEMA = {
  n: ['dataset', 'n'], noise: ['dataset', 'noise'], dataSeed: ['dataset', 'seed'], scale: ['dataset', 'scale', '[]'],
  lr: ['optimizer', 'lr'], momentum: ['optimizer', 'momentum'], beta1: ['optimizer', 'beta1'], beta2: ['optimizer', 'beta2'],
  eps: ['optimizer', 'eps'], epochs: ['epochs'], l2: ['l2'], dropout: ['dropout'], devFraction: ['dev_fraction'],
  seed: ['seed'], units: ['layers', '[]', 'units'],
};
// The form's own caps, below the API's (< 1): with more dropped or held out there is too little left
// to learn from for a run worth watching.
const FORM_CAPS = { dropout: 0.95, devFraction: 0.9 };

/** The bounds the training form checks, from the API's schema; `hiddenLayers` is the layer limit less
 *  the output layer. Bounds the schema does not state are left out. */
export function trainingLimits(openapi) {
  const limits = {};
  for (const [key, path] of Object.entries(BOUNDS_IN_SCHEMA)) {
    const range = rangeOf(schemaAt(openapi, 'TrainRequest', ...path));
    if (range) limits[key] = range;
  }
  for (const [key, cap] of Object.entries(FORM_CAPS)) {
    if (limits[key] && cap < limits[key][1]) limits[key] = [limits[key][0], cap, `${limits[key][2][0]}]`];
  }
  const layers = layerLimit(openapi, 'TrainRequest');
  if (layers) limits.hiddenLayers = layers - 1;
  return limits;
}

/** Each optimiser's settings and their defaults, {sgd: {lr}, momentum: {lr, momentum}, adam: {lr, beta1,
 *  beta2, eps}}: the engine's (optim.DEFAULTS, = PyTorch's), stated by the training request's Optimizer
 *  schema as `x-defaults`; null when the schema does not say. `lr` is the optimiser's default learning
 *  rate, applied when the user switches to it without a learning rate of their own. */
export function optimizerDefaults(openapi) {
  const table = tableOf(schemaAt(openapi, 'TrainRequest', 'optimizer'), 'x-defaults');
  const valid = table && Object.values(table).every((settings) => settings && typeof settings === 'object'
    && Object.values(settings).every(Number.isFinite));
  return valid ? table : null;
}
// The optimisers' settings besides lr the form has fields for (their symbols: SYMBOLS).
export const SETTINGS = Object.freeze(['momentum', 'beta1', 'beta2', 'eps']);

/** The settings `optimizer` uses besides lr (the form shows and sends only these): those its defaults
 *  name in the API's table (`optimizers`: optimizerDefaults's, the engine's optim.DEFAULTS), e.g. μ
 *  for momentum, β1, β2, ε for Adam. Without the table which it uses is not known: every setting is
 *  offered, and one left empty is left to the API (which ignores those its optimiser does not use). */
export function settingsOf(optimizer, optimizers) {
  if (!optimizers) return [...SETTINGS];
  return SETTINGS.filter((key) => Object.hasOwn(optimizers[optimizer] ?? {}, key));
}
// The textbook's symbols, used in labels, the legend and the run summary.
export const SYMBOLS = Object.freeze({ lr: 'η', momentum: 'μ', beta1: 'β1', beta2: 'β2', eps: 'ε' });

// The page opens on a working example: Adam at η = 0.03 learns the spiral in 300 epochs, where
// Adam's default 0.001 barely starts to (measured with engine.training: train accuracy 0.98 vs 0.56).
// The optimisers' settings (μ, β1, β2, ε) start at the engine's defaults: `startingConfigs`.
export const DEFAULTS = Object.freeze({
  dataset: 'spiral', n: 200, noise: 0.1, dataSeed: 0, scales: '1, 1',
  hidden: '16, 16', activation: 'tanh', loss: 'bce', init: 'xavier',
  optimizer: 'adam', lr: 0.03,
  batchSize: 32, epochs: 300, l2: 0, dropout: 0,
  normalize: true, devFraction: 0.2, seed: 0,
  compare: false,
});

// Configuration B differs from A only in these (data, loss and split stay shared so the dev curves
// are comparable).
export const B_KEYS = ['hidden', 'activation', 'optimizer', 'lr', ...SETTINGS, 'batchSize', 'l2', 'dropout'];
export const B_DEFAULTS = Object.freeze({ ...pick(DEFAULTS, B_KEYS), optimizer: 'sgd', lr: 0.3 });

/** The settings every optimiser's fields start with, from `optimizers` (optimizerDefaults): {momentum:
 *  0.9, beta1: 0.9, …}; without the table they start empty, and the API applies its defaults. */
function settingDefaults(optimizers) {
  const out = Object.fromEntries(SETTINGS.map((key) => [key, '']));
  for (const [name, settings] of Object.entries(optimizers ?? {})) {
    for (const key of settingsOf(name, optimizers)) out[key] = settings[key];
  }
  return out;
}

/** The setting's range and default for its hint, {range: "0 ≤ β2 < 1", value: 0.999}, from the API's
 *  schema (`limits`: trainingLimits's, `optimizers`: optimizerDefaults's); null when it does not say. */
export function settingHint(key, limits = {}, optimizers = null) {
  const value = settingDefaults(optimizers)[key];
  if (!limits[key] || value === '') return null;
  const [lo, hi, ends = '[]'] = limits[key];
  return { range: `${lo} ${ends[0] === '(' ? '<' : '≤'} ${SYMBOLS[key]} ${ends[1] === ')' ? '<' : '≤'} ${hi}`, value };
}

/** {a, b}: the configurations the page starts with (DEFAULTS, B_DEFAULTS), their optimiser settings
 *  the engine's defaults (`optimizers`: optimizerDefaults's). */
export function startingConfigs(optimizers) {
  const settings = settingDefaults(optimizers);
  return { a: Object.freeze({ ...DEFAULTS, ...settings }), b: Object.freeze({ ...B_DEFAULTS, ...settings }) };
}

const URL_KEYS = {
  dataset: 'train_data', n: 'train_n', noise: 'train_noise', dataSeed: 'train_dseed', scales: 'train_scale',
  hidden: 'train_hidden', activation: 'train_act', loss: 'train_loss', init: 'train_init',
  optimizer: 'train_opt', lr: 'train_lr', batchSize: 'train_bs', epochs: 'train_epochs', l2: 'train_l2',
  dropout: 'train_dropout', normalize: 'train_norm', devFraction: 'train_dev', seed: 'train_seed',
  compare: 'train_cmp', momentum: 'train_mu', beta1: 'train_beta1', beta2: 'train_beta2', eps: 'train_eps',
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

// "16, 16" → [16, 16]; "" → [] (no hidden layer: logistic regression). `limits`: trainingLimits's.
export function parseHidden(text, limits = {}, field = 'hidden') {
  const trimmed = String(text ?? '').trim();
  if (trimmed === '') return [];
  const parts = trimmed.split(/[\s,;]+/).filter(Boolean);
  // (no limit until the API's schema has stated one: the API refuses too many layers itself)
  if (limits.hiddenLayers !== undefined && parts.length > limits.hiddenLayers) {
    throw new ConfigError(field, 'training.err.tooManyLayers', { max: limits.hiddenLayers });
  }
  return parts.map((p) => {
    const units = Number(p);
    if (!Number.isInteger(units) || units < 1 || (limits.units && !inRange(units, limits.units))) {
      throw new ConfigError(field, limits.units ? 'training.err.units' : 'training.err.unitsWhole', { value: p, max: limits.units?.[1] });
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

// The output layer: the activation the engine pairs with the loss (`outputs`: schema.js outputForLoss,
// the API's table), one unit per class for a softmax output (a distribution over the data's classes,
// at least two) and one unit otherwise. MSE on labels within [0, 1] stays on BCE's sigmoid unit, so
// switching between the two compares the losses alone; on other targets it takes its own output.
export function outputLayer(loss, classes, labels = [0, 1], outputs = null) {
  const pairedWith = loss === 'mse' && labels.every((v) => v >= 0 && v <= 1) ? 'bce' : loss;
  const activation = outputs?.[pairedWith];
  if (typeof activation !== 'string') throw new ConfigError('loss', 'training.err.outputUnknown');
  return { units: activation === 'softmax' ? Math.max(2, classes) : 1, activation };
}

// The message of each kind of range, so it says which ends are allowed.
const RANGE_MESSAGES = { '[]': 'training.err.range', '[)': 'training.err.rangeBelow', '(]': 'training.err.rangeAbove' };

// Is `value` a number within [lo, hi, ends] (see trainingLimits)? Pure, for the form and its tests.
export function inRange(value, [lo, hi, ends = '[]']) {
  if (value === '' || value === null || value === undefined || typeof value === 'boolean') return false;
  const v = Number(value);
  if (!Number.isFinite(v)) return false;
  return (ends[0] === '(' ? v > lo : v >= lo) && (ends[1] === ')' ? v < hi : v <= hi);
}

// config[key] as a number within `limits` ([lo, hi, ends]); without limits (the API's schema has not
// arrived) any number.
function numberIn(config, key, limits, { integer = false } = {}) {
  const v = Number(config[key]);
  if (!limits) {
    if (!inRange(config[key], [-Infinity, Infinity]) || (integer && !Number.isInteger(v))) {
      throw new ConfigError(key, integer ? 'training.err.whole' : 'training.err.number');
    }
    return v;
  }
  const [lo, hi, ends = '[]'] = limits;
  if (!inRange(config[key], limits) || (integer && !Number.isInteger(v))) {
    throw new ConfigError(key, integer ? 'training.err.integer' : RANGE_MESSAGES[ends], { lo, hi });
  }
  return v;
}

// The request's `optimizer`: name, lr and the settings that optimiser uses (the others are left
// out: the API would ignore them, and a reader of the body should not think they mattered).
// Without the API's schema the form knows neither the bounds nor the defaults: a setting left empty is
// left out, and the API applies its default. `optimizers`: optimizerDefaults's (settingsOf).
export function optimizerRequest(config, limits = {}, optimizers = null) {
  const out = { name: config.optimizer, lr: numberIn(config, 'lr', limits.lr) };
  for (const key of settingsOf(config.optimizer, optimizers)) {
    if ((!limits[key] || !optimizers) && (config[key] === '' || config[key] === undefined)) continue;
    out[key] = numberIn(config, key, limits[key]);
  }
  return out;
}

// The learning rate a configuration starts with for `optimizer`: the page's example value for its
// own optimiser, else the optimiser's default (`optimizers`: optimizerDefaults's). The URL leaves this
// value out.
export function startLr(optimizer, defaults = DEFAULTS, optimizers = null) {
  return optimizer === defaults.optimizer ? defaults.lr : optimizers?.[optimizer]?.lr ?? defaults.lr;
}

// The configuration after the user picks optimiser `next`. The learning rate becomes `next`'s default
// unless it is the user's own: typed by them (`lrTyped`) or not a default of the previous optimiser.
// Settings of `next` left empty get their defaults; values the user typed earlier are kept.
// `optimizers`: optimizerDefaults's; without it the learning rate and settings are left as they are.
export function switchOptimizer(config, next, { lrTyped = false, defaults = DEFAULTS, optimizers = null } = {}) {
  const prev = config.optimizer;
  const out = { ...config, optimizer: next };
  const own = optimizers?.[next] ?? {};
  const lrIsDefault = config.lr === optimizers?.[prev]?.lr || config.lr === startLr(prev, defaults, optimizers);
  if ((config.lr === '' || (!lrTyped && lrIsDefault)) && own.lr !== undefined) out.lr = own.lr;
  for (const key of settingsOf(next, optimizers)) {
    if ((out[key] === '' || out[key] === null || out[key] === undefined) && own[key] !== undefined) out[key] = own[key];
  }
  return out;
}

// "Adam η=0.03 β1=0.9 β2=0.999 ε=1e-8" from a request's (or a step response's) `optimizer`, which
// holds the settings its optimiser uses (optimizerRequest sends only those; a step response states
// the optimiser's own); `nameOf(name)` gives the optimiser's name in the page's language.
export function describeOptimizer(optimizer, nameOf = (name) => name) {
  if (!optimizer) return '';
  const keys = Object.keys(SYMBOLS).filter((k) => optimizer[k] !== undefined && optimizer[k] !== null);
  return [nameOf(optimizer.name), ...keys.map((k) => `${SYMBOLS[k]}=${optimizer[k]}`)].join(' ');
}

// The body of POST /api/v1/train(/stream) for one configuration. `data` = {features, labels} of the
// current data (2 and [0, 1] for the generated sets); `limits`: trainingLimits's; `outputs`: the
// output activation of each loss (schema.js outputForLoss); `optimizers`: optimizerDefaults's. Throws
// ConfigError naming the field to fix.
export function toRequest(config, data = { features: 2, labels: [0, 1] }, csvText = '', limits = {}, { outputs = null, optimizers = null } = {}) {
  const hidden = parseHidden(config.hidden, limits);
  const classes = data.labels.length;
  const layers = [...hidden.map((units) => ({ units, activation: config.activation })),
    outputLayer(config.loss, classes, data.labels, outputs)];
  const batch = config.batchSize === '' || config.batchSize === null ? null
    : numberIn(config, 'batchSize', [1, 100000], { integer: true });
  const body = {
    input_size: data.features,
    layers,
    loss: config.loss,
    init: config.init,
    optimizer: optimizerRequest(config, limits, optimizers),
    epochs: numberIn(config, 'epochs', limits.epochs, { integer: true }),
    batch_size: batch,
    shuffle: true,
    l2: numberIn(config, 'l2', limits.l2),
    dropout: numberIn(config, 'dropout', limits.dropout),
    normalize: Boolean(config.normalize),
    dev_fraction: numberIn(config, 'devFraction', limits.devFraction),
    seed: numberIn(config, 'seed', limits.seed, { integer: true }),
  };
  if (config.dataset === 'csv') {
    if (!String(csvText).trim()) throw new ConfigError('csv', 'training.err.csvEmpty');
    body.csv = csvText;
  } else {
    body.dataset = datasetRequest(config, limits);
  }
  return body;
}

// "1, 100" → [1, 100]: how much each feature is multiplied by (to show what normalisation is for).
export function parseScales(text, limits = {}) {
  const parts = String(text ?? '').trim().split(/[\s,;]+/).filter(Boolean);
  const range = limits.scale ?? [-Infinity, Infinity];
  if (parts.length !== 2 || !parts.every((p) => inRange(p, range))) {
    throw new ConfigError('scales', limits.scale ? 'training.err.scales' : 'training.err.scalesTwo', { lo: range[0], hi: range[1] });
  }
  return parts.map(Number);
}

// The request's `dataset` for a generated data set (POST /api/v1/train and /train/data); `scale` only
// when it is not [1, 1], so plain requests stay as they were.
export function datasetRequest(config, limits = {}) {
  const out = {
    name: config.dataset,
    n: numberIn(config, 'n', limits.n, { integer: true }),
    noise: numberIn(config, 'noise', limits.noise),
    seed: numberIn(config, 'dataSeed', limits.dataSeed, { integer: true }),
  };
  const scale = parseScales(config.scales ?? '1, 1', limits);
  if (scale[0] !== 1 || scale[1] !== 1) out.scale = scale;
  return out;
}

// Configuration B = A with B's own hyperparameters.
export function configB(a, b) {
  return { ...a, ...pick(b, B_KEYS) };
}

function decode(key, raw, fallback) {
  if (raw === undefined || raw === '') return fallback;
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

const urlKeyOf = (key, run) => (run === 'B' ? B_URL_PREFIX + URL_KEYS[key].slice(6) : URL_KEYS[key]);

// {train_lr: "0.1", …} → {a, b}: the two configurations, defaults filled in, unknown values dropped
// (`choices`: trainingChoices's; a choice it lacks is left to the API to judge). A missing learning rate
// is the one the configuration starts with for its optimiser (startLr). `optimizers`: optimizerDefaults's.
export function fromURL(params, choices = {}, optimizers = null) {
  const start = startingConfigs(optimizers);
  const a = {};
  for (const key of Object.keys(URL_KEYS)) a[key] = decode(key, params[urlKeyOf(key, 'A')], start.a[key]);
  const b = {};
  for (const key of B_KEYS) b[key] = decode(key, params[urlKeyOf(key, 'B')], start.b[key]);
  for (const [key, allowed] of Object.entries(choices)) {
    if (!allowed) continue;
    if (!allowed.includes(a[key])) a[key] = DEFAULTS[key];
    if (key in b && !allowed.includes(b[key])) b[key] = B_DEFAULTS[key];
  }
  a.lr = decode('lr', params[urlKeyOf('lr', 'A')], startLr(a.optimizer, DEFAULTS, optimizers));
  b.lr = decode('lr', params[urlKeyOf('lr', 'B')], startLr(b.optimizer, B_DEFAULTS, optimizers));
  return { a, b };
}

// One configuration's URL values: null for a default, and for a setting its optimiser does not use.
function encodeConfig(config, keys, defaults, run, optimizers) {
  const start = { ...defaults, ...settingDefaults(optimizers) };
  const out = {};
  for (const key of keys) {
    const unused = SETTINGS.includes(key) && !settingsOf(config.optimizer, optimizers).includes(key);
    const fallback = key === 'lr' ? startLr(config.optimizer, defaults, optimizers) : start[key];
    out[urlKeyOf(key, run)] = unused ? null : encode(key, config[key], fallback);
  }
  return out;
}

// The inverse: every URL key of the view, null where the value is the default (removes it).
export function toURL(a, b, optimizers = null) {
  const bKeys = encodeConfig(b, B_KEYS, B_DEFAULTS, 'B', optimizers);
  if (!a.compare) for (const key of Object.keys(bKeys)) bKeys[key] = null;
  return { ...encodeConfig(a, Object.keys(URL_KEYS), DEFAULTS, 'A', optimizers), ...bKeys };
}

// ---------- what a link can carry besides the form ----------

// A CSV of up to this many characters (URL-encoded) goes into the link as `train_csv`; a larger one
// would make links that mail and chat programs cut off, so the page says the link leaves it out.
export const MAX_LINK_CSV = 2048;

// {train_csv, omitted, size}: the URL value for the CSV text (null when it is not the data source,
// empty, or too large; `omitted` says the link leaves out data the run needs).
export function csvForLink(dataset, csv) {
  const text = String(csv ?? '');
  if (dataset !== 'csv' || !text.trim()) return { train_csv: null, omitted: false, size: 0 };
  const size = encodeURIComponent(text).length;
  return size <= MAX_LINK_CSV ? { train_csv: text, omitted: false, size } : { train_csv: null, omitted: true, size };
}

// The update the explorer shows, in the link as `train_update=e300b7` (1-based, as the page says it).
export function updateKey({ epoch, batch }) {
  return `e${epoch + 1}b${batch + 1}`;
}

// "e300b7" → {epoch: 299, batch: 6} (0-based, as the step endpoint takes them); anything else → null.
export function parseUpdateKey(text) {
  const m = /^e([1-9]\d{0,5})b([1-9]\d{0,6})$/.exec(String(text ?? ''));
  return m ? { epoch: Number(m[1]) - 1, batch: Number(m[2]) - 1 } : null;
}

// Do two request bodies ask the server for the same run? (Same keys and values; JSON is the wire.)
export function sameRequest(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}
