// The training form's state as one plain object, and the pure conversions around it: to the API's
// request body, to and from the URL (keys prefixed `train_`). No DOM here, so node --test covers it.

import { choicesOf, layerLimit, optimizerDefaults, outputForLoss, rangeOf, readPaths } from '../schema.js';

// The choices the form offers are the API's (the engine's tuples, the training request's enums), read
// from GET /openapi.json; their words are the page's (static/js/i18n/training.js).
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

function trainingChoices(openapi) {
  const choices = readPaths(openapi, 'TrainRequest', CHOICES_IN_SCHEMA, choicesOf);
  return { ...choices, dataset: [...choices.dataset, OWN_DATA], activation: choices.activation.filter((a) => !NOT_HIDDEN.includes(a)) };
}

// The bounds the form checks are the API's (the engine's named limits, stated in the training
// request's schema): {key: [lo, hi, ends]}, ends as `inRange` takes them. The form's check is a
// courtesy that names the field; the API is the authority.
const BOUNDS_IN_SCHEMA = {
  n: ['dataset', 'n'], noise: ['dataset', 'noise'], dataSeed: ['dataset', 'seed'], scale: ['dataset', 'scale', '[]'],
  lr: ['optimizer', 'lr'], momentum: ['optimizer', 'momentum'], beta1: ['optimizer', 'beta1'], beta2: ['optimizer', 'beta2'],
  eps: ['optimizer', 'eps'], epochs: ['epochs'], batchSize: ['batch_size'], l2: ['l2'], dropout: ['dropout'],
  devFraction: ['dev_fraction'], seed: ['seed'], units: ['layers', '[]', 'units'],
};
// The form's own caps, below the API's (< 1): a page decision, not a limit of the engine's. With more
// dropped or held out there is too little left to learn from for a run worth watching.
const FORM_CAPS = { dropout: 0.95, devFraction: 0.9 };

function trainingLimits(openapi) {
  const limits = readPaths(openapi, 'TrainRequest', BOUNDS_IN_SCHEMA, rangeOf);
  for (const [key, cap] of Object.entries(FORM_CAPS)) {
    if (cap < limits[key][1]) limits[key] = [limits[key][0], cap, `${limits[key][2][0]}]`];
  }
  limits.hiddenLayers = layerLimit(openapi, 'TrainRequest') - 1; // the output layer is not the form's
  return limits;
}

// The optimisers' settings besides lr the form has fields for (their symbols: SYMBOLS).
export const SETTINGS = Object.freeze(['momentum', 'beta1', 'beta2', 'eps']);
// The textbook's symbols, used in labels, the legend and the run summary.
export const SYMBOLS = Object.freeze({ lr: 'η', momentum: 'μ', beta1: 'β1', beta2: 'β2', eps: 'ε' });

// The page opens on a working example: Adam at η = 0.03 learns the spiral in 300 epochs, where
// Adam's default 0.001 barely starts to (measured with engine.training: train accuracy 0.98 vs 0.56).
// The optimisers' settings (μ, β1, β2, ε) start at the engine's defaults: trainingSchema's `start`.
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

// "0 ≤ β2 < 1": a setting's range in the hint under its field.
function rangeText(key, [lo, hi, ends]) {
  return `${lo} ${ends[0] === '(' ? '<' : '≤'} ${SYMBOLS[key]} ${ends[1] === ')' ? '<' : '≤'} ${hi}`;
}

/** What the training form takes from the API's schema (GET /openapi.json), read once when it arrives:
 *  `choices` {dataset, activation, loss, init, optimizer} → the values offered; `limits` {key: [lo, hi,
 *  ends]} (and `hiddenLayers`, the layer limit less the output layer); `outputs` {loss: its output
 *  activation} (schema.js outputForLoss); `optimizers` {name: its defaults} (schema.js
 *  optimizerDefaults, the engine's optim.DEFAULTS); `uses` {name: the settings besides lr it uses, the
 *  keys of its defaults}; `hints` {setting: {range: "0 ≤ β2 < 1", value: its default}}; `start` {a, b}:
 *  the configurations the page starts with (DEFAULTS, B_DEFAULTS), their settings the defaults. */
export function trainingSchema(openapi) {
  const optimizers = optimizerDefaults(openapi);
  const uses = {};
  const settings = {};
  for (const [name, defaults] of Object.entries(optimizers)) {
    uses[name] = SETTINGS.filter((key) => Object.hasOwn(defaults, key));
    for (const key of uses[name]) settings[key] = defaults[key];
  }
  const limits = trainingLimits(openapi);
  const hints = Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, { range: rangeText(key, limits[key]), value }]));
  return Object.freeze({
    choices: trainingChoices(openapi), limits, outputs: outputForLoss(openapi, 'TrainRequest'), optimizers, uses, hints,
    start: { a: Object.freeze({ ...DEFAULTS, ...settings }), b: Object.freeze({ ...B_DEFAULTS, ...settings }) },
  });
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

// "16, 16" → [16, 16]; "" → [] (no hidden layer: logistic regression). `limits`: trainingSchema's.
export function parseHidden(text, limits, field = 'hidden') {
  const trimmed = String(text ?? '').trim();
  if (trimmed === '') return [];
  const parts = trimmed.split(/[\s,;]+/).filter(Boolean);
  if (parts.length > limits.hiddenLayers) throw new ConfigError(field, 'training.err.tooManyLayers', { max: limits.hiddenLayers });
  return parts.map((p) => {
    const units = Number(p);
    if (!Number.isInteger(units) || !inRange(units, limits.units)) throw new ConfigError(field, 'training.err.units', { value: p, max: limits.units[1] });
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

// The output layer: the activation the engine pairs with the loss (`outputs`: trainingSchema's, the
// API's table), one unit per class for a softmax output (a distribution over the data's classes, at
// least two) and one unit otherwise. MSE on labels within [0, 1] stays on BCE's sigmoid unit, so
// switching between the two compares the losses alone; on other targets it takes its own output.
export function outputLayer(loss, classes, labels, outputs) {
  const pairedWith = loss === 'mse' && labels.every((v) => v >= 0 && v <= 1) ? 'bce' : loss;
  const activation = outputs[pairedWith];
  return { units: activation === 'softmax' ? Math.max(2, classes) : 1, activation };
}

// The message of each kind of range, so it says which ends are allowed.
const RANGE_MESSAGES = { '[]': 'training.err.range', '[)': 'training.err.rangeBelow', '(]': 'training.err.rangeAbove' };

// Is `value` a number within [lo, hi, ends] (see trainingSchema)? Pure, for the form and its tests.
export function inRange(value, [lo, hi, ends = '[]']) {
  if (isEmpty(value) || typeof value === 'boolean') return false;
  const v = Number(value);
  if (!Number.isFinite(v)) return false;
  return (ends[0] === '(' ? v > lo : v >= lo) && (ends[1] === ')' ? v < hi : v <= hi);
}

// An empty field: for an optional setting, "the default".
const isEmpty = (value) => value === '' || value === null || value === undefined;

// config[key] as a number within `range` ([lo, hi, ends]), or the ConfigError that names the field.
function numberIn(config, key, range, { integer = false } = {}) {
  const [lo, hi, ends] = range;
  if (!inRange(config[key], range) || (integer && !Number.isInteger(Number(config[key])))) {
    throw new ConfigError(key, integer ? 'training.err.integer' : RANGE_MESSAGES[ends], { lo, hi });
  }
  return Number(config[key]);
}

// The request's `optimizer`: name, lr and the settings that optimiser uses (`uses`; the others are
// left out: the API would ignore them, and a reader of the body should not think they mattered). A
// field left empty is left out too: the API applies the optimiser's default, which the empty field
// shows as its placeholder.
export function optimizerRequest(config, { limits, uses }) {
  const out = { name: config.optimizer };
  for (const key of ['lr', ...uses[config.optimizer]]) {
    if (!isEmpty(config[key])) out[key] = numberIn(config, key, limits[key]);
  }
  return out;
}

// The learning rate a configuration starts with for `optimizer`: the page's example value for its
// own optimiser, else the optimiser's default (`optimizers`: trainingSchema's). The URL leaves this
// value out.
export function startLr(optimizer, defaults, optimizers) {
  return optimizer === defaults.optimizer ? defaults.lr : optimizers[optimizer].lr;
}

// The configuration after the user picks optimiser `next`. The learning rate becomes `next`'s default
// unless it is the user's own: typed by them (`lrTyped`) or not a default of the previous optimiser.
// Settings of `next` left empty get their defaults; values the user typed earlier are kept.
export function switchOptimizer(config, next, { optimizers, uses }, { lrTyped = false, defaults = DEFAULTS } = {}) {
  const prev = config.optimizer;
  const out = { ...config, optimizer: next };
  const own = optimizers[next];
  const lrIsDefault = config.lr === optimizers[prev].lr || config.lr === startLr(prev, defaults, optimizers);
  if (isEmpty(config.lr) || (!lrTyped && lrIsDefault)) out.lr = own.lr;
  for (const key of uses[next]) if (isEmpty(out[key])) out[key] = own[key];
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
// current data (2 and [0, 1] for the generated sets); `schema`: trainingSchema's. Throws ConfigError
// naming the field to fix.
export function toRequest(config, data, csvText, schema) {
  const { limits } = schema;
  const hidden = parseHidden(config.hidden, limits);
  const layers = [...hidden.map((units) => ({ units, activation: config.activation })),
    outputLayer(config.loss, data.labels.length, data.labels, schema.outputs)];
  const body = {
    input_size: data.features,
    layers,
    loss: config.loss,
    init: config.init,
    optimizer: optimizerRequest(config, schema),
    epochs: numberIn(config, 'epochs', limits.epochs, { integer: true }),
    batch_size: isEmpty(config.batchSize) ? null : numberIn(config, 'batchSize', limits.batchSize, { integer: true }),
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
export function parseScales(text, limits) {
  const parts = String(text ?? '').trim().split(/[\s,;]+/).filter(Boolean);
  if (parts.length !== 2 || !parts.every((p) => inRange(p, limits.scale))) {
    throw new ConfigError('scales', 'training.err.scales', { lo: limits.scale[0], hi: limits.scale[1] });
  }
  return parts.map(Number);
}

// The request's `dataset` for a generated data set (POST /api/v1/train and /train/data); `scale` only
// when it is not [1, 1], so plain requests stay as they were.
export function datasetRequest(config, limits) {
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

// What an empty number field says in the link: the full batch, or (an optimiser's setting) its default.
// Other fields have no meaning when empty (the form refuses them), so the link leaves them out.
const EMPTY_MEANS_DEFAULT = new Set(['lr', ...SETTINGS]);
const emptyInLink = (key) => (key === 'batchSize' ? 'full' : EMPTY_MEANS_DEFAULT.has(key) ? 'default' : null);

function decode(key, raw, fallback) {
  if (raw === undefined || raw === '') return fallback;
  if (typeof fallback === 'boolean') return raw === '1' || raw === 'true';
  if (typeof fallback === 'number') {
    if (raw === emptyInLink(key)) return '';
    const v = Number(raw);
    return Number.isFinite(v) ? v : fallback;
  }
  return raw;
}

function encode(key, value, fallback) {
  if (value === fallback) return null; // defaults stay out of the link
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value === '') return emptyInLink(key);
  return String(value);
}

const urlKeyOf = (key, run) => (run === 'B' ? B_URL_PREFIX + URL_KEYS[key].slice(6) : URL_KEYS[key]);

// {train_lr: "0.1", …} → {a, b}: the two configurations, defaults filled in, values the schema does not
// offer dropped. A missing learning rate is the one the configuration starts with for its optimiser
// (startLr). `schema`: trainingSchema's.
export function fromURL(params, { choices, optimizers, start }) {
  const a = {};
  for (const key of Object.keys(URL_KEYS)) a[key] = decode(key, params[urlKeyOf(key, 'A')], start.a[key]);
  const b = {};
  for (const key of B_KEYS) b[key] = decode(key, params[urlKeyOf(key, 'B')], start.b[key]);
  for (const [key, allowed] of Object.entries(choices)) {
    if (!allowed.includes(a[key])) a[key] = DEFAULTS[key];
    if (key in b && !allowed.includes(b[key])) b[key] = B_DEFAULTS[key];
  }
  a.lr = decode('lr', params[urlKeyOf('lr', 'A')], startLr(a.optimizer, DEFAULTS, optimizers));
  b.lr = decode('lr', params[urlKeyOf('lr', 'B')], startLr(b.optimizer, B_DEFAULTS, optimizers));
  return { a, b };
}

// One configuration's URL values: null for the value it starts with, and for a setting its optimiser
// does not use.
function encodeConfig(config, keys, run, { optimizers, uses, start }) {
  const [starting, defaults] = run === 'B' ? [start.b, B_DEFAULTS] : [start.a, DEFAULTS];
  const used = uses[config.optimizer];
  const out = {};
  for (const key of keys) {
    const unused = SETTINGS.includes(key) && !used.includes(key);
    const fallback = key === 'lr' ? startLr(config.optimizer, defaults, optimizers) : starting[key];
    out[urlKeyOf(key, run)] = unused ? null : encode(key, config[key], fallback);
  }
  return out;
}

// The inverse: every URL key of the view, null where the value is the default (removes it).
export function toURL(a, b, schema) {
  const bKeys = encodeConfig(b, B_KEYS, 'B', schema);
  if (!a.compare) for (const key of Object.keys(bKeys)) bKeys[key] = null;
  return { ...encodeConfig(a, Object.keys(URL_KEYS), 'A', schema), ...bKeys };
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
