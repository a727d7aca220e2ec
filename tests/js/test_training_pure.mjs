// Unit tests of the training view's pure modules (node --test): config ↔ request/URL, the SSE parser,
// chart series, boundary cells and the update table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import strings from '../../static/js/i18n/training.js';
import {
  ConfigError, configB, csvShape, describeOptimizer, fromURL, inRange, outputLayer, parseHidden, startLr, switchOptimizer,
  toRequest as buildRequest, toURL, trainingSchema,
} from '../../static/js/training/config.js';
import { createEventParser } from '../../static/js/training/stream.js';
import { formatValue, seriesFrom, thin } from '../../static/js/training/curves.js';
import { boundaryCells } from '../../static/js/training/scatter.js';
import { nextCursor, tableRows } from '../../static/js/training/update_view.js';
import { readForm } from '../../static/js/training/form.js';

// The API's request schemas as GET /openapi.json sends them (tests/js/fixtures/make_fixtures.py), and
// what the form reads from them: the bounds, the optimisers' defaults (the engine's, the schema's
// x-defaults), the output activation each loss goes with, and the configurations the page starts with.
const OPENAPI = JSON.parse(readFileSync(new URL('./fixtures/request_schemas.json', import.meta.url)));
const SCHEMA = trainingSchema(OPENAPI);
const { limits: LIMITS, optimizers: OPTIMIZERS, outputs: OUTPUTS } = SCHEMA;
const { a: DEFAULTS, b: B_DEFAULTS } = SCHEMA.start;
// Every request below is built as the page builds them (generated data unless a shape is given).
const toRequest = (config, data = { features: 2, labels: [0, 1] }, csv = '', schema = SCHEMA) => buildRequest(config, data, csv, schema);

test('parseHidden reads comma or space separated unit counts and refuses the rest', () => {
  assert.deepEqual(parseHidden('16, 8', LIMITS), [16, 8]);
  assert.deepEqual(parseHidden(' 4 4;2 ', LIMITS), [4, 4, 2]);
  assert.deepEqual(parseHidden('', LIMITS), []);
  assert.throws(() => parseHidden('4, x', LIMITS), (e) => e instanceof ConfigError && e.key === 'training.err.units');
  assert.throws(() => parseHidden('0', LIMITS), ConfigError);
  assert.throws(() => parseHidden('2.5', LIMITS), ConfigError);
  assert.throws(() => parseHidden('257', LIMITS), ConfigError);
  assert.throws(() => parseHidden('1 1 1 1 1 1 1 1 1', LIMITS), (e) => e.key === 'training.err.tooManyLayers');
  assert.equal(parseHidden('8 8 8 8 8 8 8 8', LIMITS).length, 8); // §6.6.5's deep experiment
});

test('the output layer follows the loss, by the engine\'s table the API\'s schema states', () => {
  assert.deepEqual(OUTPUTS, { bce: 'sigmoid', ce: 'softmax', mse: 'identity' });
  assert.deepEqual(outputLayer('bce', 2, [0, 1], OUTPUTS), { units: 1, activation: 'sigmoid' });
  assert.deepEqual(outputLayer('ce', 3, [0, 1, 2], OUTPUTS), { units: 3, activation: 'softmax' });
  assert.deepEqual(outputLayer('ce', 1, [0], OUTPUTS), { units: 2, activation: 'softmax' });
  assert.deepEqual(outputLayer('mse', 2, [0, 1], OUTPUTS), { units: 1, activation: 'sigmoid' });
  assert.deepEqual(outputLayer('mse', 5, [-2, 0, 1, 3, 7], OUTPUTS), { units: 1, activation: 'identity' });
  // The activation is the table's, not the page's own: another table gives another output layer.
  const other = { bce: 'tanh', ce: 'softmax', mse: 'relu' };
  assert.deepEqual(outputLayer('bce', 2, [0, 1], other), { units: 1, activation: 'tanh' });
  assert.deepEqual(outputLayer('mse', 2, [0, 1], other), { units: 1, activation: 'tanh' });
  assert.deepEqual(outputLayer('mse', 3, [0, 1, 5], other), { units: 1, activation: 'relu' });
});

test('toRequest builds the API body from the defaults', () => {
  const body = toRequest({ ...DEFAULTS });
  assert.equal(body.input_size, 2);
  assert.deepEqual(body.layers, [{ units: 16, activation: 'tanh' }, { units: 16, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }]);
  assert.deepEqual(body.optimizer, { name: 'adam', lr: 0.03, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
  assert.deepEqual(body.dataset, { name: 'spiral', n: 200, noise: 0.1, seed: 0 });
  assert.equal(body.batch_size, 32);
  assert.equal(body.csv, undefined);
  assert.equal(toRequest({ ...DEFAULTS, batchSize: '' }).batch_size, null);
});

test('toRequest names the field to fix', () => {
  for (const [key, value] of [['lr', 0], ['lr', 'x'], ['epochs', 1.5], ['epochs', 0], ['epochs', ''], ['dropout', 1], ['n', 3],
    ['devFraction', 0.95], ['seed', -1], ['seed', 2 ** 53 + 2], ['dataSeed', 2 ** 53 + 2], ['batchSize', 0], ['batchSize', 5001], ['batchSize', 2.5]]) {
    assert.throws(() => toRequest({ ...DEFAULTS, [key]: value }), (e) => e instanceof ConfigError && e.field === key, `${key}=${value}`);
  }
  assert.throws(() => toRequest({ ...DEFAULTS, dataset: 'csv' }, undefined, '  '), (e) => e.field === 'csv');
});

test('a CSV gives its own input size and classes', () => {
  const csv = 'a,b,c,label\n1,2,3,0\n4,5,6,2\n7,8,9,1\n';
  assert.deepEqual(csvShape(csv), { features: 3, labels: [0, 1, 2] });
  assert.deepEqual(csvShape('1 2 0\n3 4 1'), { features: 2, labels: [0, 1] });
  assert.equal(csvShape(''), null);
  const body = toRequest({ ...DEFAULTS, dataset: 'csv', loss: 'ce' }, csvShape(csv), csv);
  assert.equal(body.input_size, 3);
  assert.deepEqual(body.layers.at(-1), { units: 3, activation: 'softmax' });
  assert.equal(body.csv, csv);
  assert.equal(body.dataset, undefined);
});

test('configuration B changes only its own hyperparameters', () => {
  const a = { ...DEFAULTS, dataset: 'moons', epochs: 50 };
  const b = { ...B_DEFAULTS, lr: 0.5, hidden: '4' };
  const merged = configB(a, b);
  assert.equal(merged.dataset, 'moons');
  assert.equal(merged.epochs, 50);
  assert.equal(merged.lr, 0.5);
  assert.equal(merged.optimizer, 'sgd');
  assert.deepEqual(toRequest(merged).layers[0], { units: 4, activation: 'tanh' });
});

test('URL state round-trips and leaves defaults out', () => {
  const a = { ...DEFAULTS, dataset: 'moons', lr: 0.5, batchSize: '', normalize: false, compare: true };
  const b = { ...B_DEFAULTS, lr: 0.01 };
  const url = toURL(a, b, SCHEMA);
  assert.equal(url.train_data, 'moons');
  assert.equal(url.train_bs, 'full');
  assert.equal(url.train_norm, '0');
  assert.equal(url.train_epochs, null);
  assert.equal(url.train_b_lr, '0.01');
  const params = Object.fromEntries(Object.entries(url).filter(([, v]) => v !== null));
  const back = fromURL(params, SCHEMA);
  assert.deepEqual(back.a, a);
  assert.deepEqual(back.b, b);
  // Without compare, B's keys are removed from the URL.
  assert.equal(toURL({ ...a, compare: false }, b, SCHEMA).train_b_lr, null);
});

test('fromURL ignores unknown choices and non-numbers', () => {
  const { a } = fromURL({ train_data: '<script>', train_lr: 'abc', train_opt: 'rmsprop' }, SCHEMA);
  assert.equal(a.dataset, DEFAULTS.dataset);
  assert.equal(a.lr, DEFAULTS.lr);
  assert.equal(a.optimizer, DEFAULTS.optimizer);
});

test('the event parser reassembles events split across chunks and skips heartbeats', () => {
  const events = [];
  const push = createEventParser((name, data) => events.push([name, data]));
  push('event: start\ndata: {"run_id":"x","ep');
  push('ochs":3}\n\n: still training\n\nevent: progress\r\ndata: {"history":[{"epoch":1}]}\r\n');
  assert.equal(events.length, 1);
  push('\r\nevent: result\ndata: {"a":1}\n\n');
  assert.deepEqual(events, [['start', { run_id: 'x', epochs: 3 }], ['progress', { history: [{ epoch: 1 }] }], ['result', { a: 1 }]]);
});

test('chart series: one per run and split, non-finite losses kept as numbers', () => {
  const runs = {
    A: [{ epoch: 1, train_loss: 0.7, dev_loss: 0.8, train_accuracy: 0.5, dev_accuracy: null },
      { epoch: 2, train_loss: 'NaN', dev_loss: 0.6, train_accuracy: 0.75, dev_accuracy: null }],
    B: [{ epoch: 1, train_loss: 0.9, dev_loss: null, train_accuracy: 0.4, dev_accuracy: null }],
  };
  const loss = seriesFrom(runs, 'loss');
  assert.deepEqual(loss.map((s) => s.id), ['A-train', 'A-dev', 'B-train']);
  assert.ok(Number.isNaN(loss[0].points[1][1]));
  assert.deepEqual(seriesFrom(runs, 'accuracy').map((s) => s.id), ['A-train', 'B-train']);
  assert.equal(formatValue(0.123456), '0.1235');
  assert.equal(formatValue(1e-5), '1e-5'); // the page's one formatter (static/js/format.js)
});

test('boundary cells tile the grid without gaps', () => {
  const cells = boundaryCells({ xs: [0, 1, 2], ys: [10, 20], probabilities: [[0, 0.5, 1], [1, 'NaN', 0]] });
  assert.equal(cells.length, 6);
  const first = cells[0];
  assert.deepEqual([first.key, first.x0, first.x1, first.y0, first.y1, first.p], ['0,0', -0.5, 0.5, 5, 15, 0]);
  assert.equal(cells[1].x1, cells[2].x0);
  assert.ok(Number.isNaN(cells.find((c) => c.key === '1,1').p));
  assert.deepEqual(boundaryCells(null), []);
});

test('stepping walks the mini-batches and wraps to the next epoch', () => {
  assert.deepEqual(nextCursor(null, null, 0), { epoch: 0, batch: 0 });
  assert.deepEqual(nextCursor(null, 4, 7), { epoch: 7, batch: 0 });
  assert.deepEqual(nextCursor({ epoch: 0, batch: 2 }, 4), { epoch: 0, batch: 3 });
  assert.deepEqual(nextCursor({ epoch: 0, batch: 3 }, 4), { epoch: 1, batch: 0 });
});

test('the update table has one row per parameter entry, named as the textbook', () => {
  const rows = tableRows([
    { parameter: 'W1', value: [[1, 2], [3, 4]], grad: [[0.1, 0.2], [0.3, 0.4]], update: [[-0.01, -0.02], [-0.03, -0.04]] },
    { parameter: 'b1', value: [0, 1], grad: [1, 1], update: [-0.1, -0.1], new_value: [-0.1, 0.9] },
  ]);
  assert.deepEqual(rows.map((r) => r.name), ['W1[1,1]', 'W1[1,2]', 'W1[2,1]', 'W1[2,2]', 'b1[1]', 'b1[2]']);
  assert.equal(rows[3].after, 4 - 0.04);
  assert.equal(rows[5].after, 0.9);
});

test('long curves are thinned for drawing but keep their first and last epochs', () => {
  const points = Array.from({ length: 10001 }, (_, i) => [i + 1, 1 / (i + 1)]);
  const drawn = thin(points, 1000);
  assert.ok(drawn.length <= 1001 && drawn.length >= 900);
  assert.deepEqual(drawn[0], points[0]);
  assert.deepEqual(drawn.at(-1), points.at(-1));
  assert.equal(thin(points.slice(0, 10), 1000).length, 10);
});

// ---------- optimiser settings: μ for momentum; β1, β2, ε for Adam ----------

test('the optimisers\' defaults are the API\'s (the engine\'s, = PyTorch\'s), read from its schema', () => {
  assert.deepEqual(OPTIMIZERS, {
    sgd: { lr: 0.1 }, momentum: { lr: 0.1, momentum: 0.9 }, adam: { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  });
  // The form opens prefilled with them; its own example values (Adam at 0.03, B's SGD at 0.3) stay.
  for (const key of ['momentum', 'beta1', 'beta2', 'eps']) {
    const owner = key === 'momentum' ? 'momentum' : 'adam';
    assert.equal(DEFAULTS[key], OPTIMIZERS[owner][key], key);
    assert.equal(B_DEFAULTS[key], OPTIMIZERS[owner][key], key);
  }
  assert.deepEqual([DEFAULTS.optimizer, DEFAULTS.lr, B_DEFAULTS.optimizer, B_DEFAULTS.lr], ['adam', 0.03, 'sgd', 0.3]);
});

test('a setting\'s hint states its range and default as the API\'s schema does; the words hold no copy', () => {
  assert.deepEqual(SCHEMA.hints, {
    momentum: { range: '0 ≤ μ < 1', value: 0.9 }, beta1: { range: '0 ≤ β1 < 1', value: 0.9 },
    beta2: { range: '0 ≤ β2 < 1', value: 0.999 }, eps: { range: '0 < ε ≤ 1', value: 1e-8 },
  });
  for (const lang of ['en', 'zh']) {
    for (const key of ['momentum', 'beta1', 'beta2', 'eps']) {
      assert.doesNotMatch(strings[lang][`training.${key}.hint`], /\d\.\d|1e-|[<≤]/, `${lang} ${key}`);
    }
    for (const part of ['{meaning}', '{range}', '{value}']) assert.ok(strings[lang]['training.setting.hint'].includes(part), `${lang} ${part}`);
  }
});

test('the request carries the settings of the chosen optimiser only', () => {
  const adam = toRequest({ ...DEFAULTS, optimizer: 'adam', lr: 0.01, beta1: 0.8, beta2: 0.95, eps: 1e-6, momentum: 0.5 });
  assert.deepEqual(adam.optimizer, { name: 'adam', lr: 0.01, beta1: 0.8, beta2: 0.95, eps: 1e-6 });
  const momentum = toRequest({ ...DEFAULTS, optimizer: 'momentum', lr: 0.1, momentum: 0.5, beta2: 7 });
  assert.deepEqual(momentum.optimizer, { name: 'momentum', lr: 0.1, momentum: 0.5 });
  const sgd = toRequest({ ...DEFAULTS, optimizer: 'sgd', lr: 0.2, momentum: '', beta1: 'x' });
  assert.deepEqual(sgd.optimizer, { name: 'sgd', lr: 0.2 });
  // μ = 0 (plain SGD through the momentum rule) and β = 0 (no memory) are allowed, as in the schema.
  assert.equal(toRequest({ ...DEFAULTS, optimizer: 'momentum', momentum: 0 }).optimizer.momentum, 0);
  assert.equal(toRequest({ ...DEFAULTS, beta1: 0, beta2: 0, eps: 1 }).optimizer.eps, 1);
});

test('an optimiser setting left empty means its default: left out of the request, for the API to fill in', () => {
  assert.deepEqual(toRequest({ ...DEFAULTS, lr: '', beta2: '' }).optimizer, { name: 'adam', beta1: 0.9, eps: 1e-8 });
  assert.deepEqual(toRequest({ ...DEFAULTS, optimizer: 'momentum', lr: 0.2, momentum: '' }).optimizer, { name: 'momentum', lr: 0.2 });
  // The link says so, and brings the empty field back (not the page's starting value).
  const url = toURL({ ...DEFAULTS, lr: '', eps: '' }, { ...B_DEFAULTS }, SCHEMA);
  assert.deepEqual([url.train_lr, url.train_eps], ['default', 'default']);
  const back = fromURL(Object.fromEntries(Object.entries(url).filter(([, v]) => v !== null)), SCHEMA).a;
  assert.deepEqual([back.lr, back.eps, back.beta1], ['', '', 0.9]);
  // Fields that are not optional stay required, and an empty one is not written as 'default'.
  assert.throws(() => toRequest({ ...DEFAULTS, epochs: '' }), (e) => e.field === 'epochs');
  assert.equal(toURL({ ...DEFAULTS, epochs: '', seed: '' }, { ...B_DEFAULTS }, SCHEMA).train_epochs ?? null, null);
  assert.equal(toURL({ ...DEFAULTS, seed: '' }, { ...B_DEFAULTS }, SCHEMA).train_seed ?? null, null);
});

test('text a number field cannot read is refused and named, not taken for an empty field (the default)', () => {
  // A browser gives '' as the value of <input type=number> holding "1e"; validity.badInput tells them apart.
  const field = (id) => (id === '#train-lr'
    ? { type: 'number', value: '', validity: { badInput: true } }
    : { type: id === '#train-normalize' || id === '#train-compare' ? 'checkbox' : 'text', value: '', checked: false, validity: {} });
  const { a } = readForm({ querySelector: field });
  assert.ok(Number.isNaN(a.lr));
  assert.throws(() => toRequest({ ...DEFAULTS, lr: a.lr }), (e) => e instanceof ConfigError && e.field === 'lr');
});

test('which settings each optimiser uses is read from the keys of its defaults in the API\'s schema', () => {
  assert.deepEqual(SCHEMA.uses, { sgd: [], momentum: ['momentum'], adam: ['beta1', 'beta2', 'eps'] });
  // Another table, another form: the settings follow the table, not a list of the page's own (a key
  // the form has no field for is not offered).
  const changed = structuredClone(OPENAPI);
  changed.components.schemas.Optimizer['x-defaults'] = {
    sgd: { lr: 0.1, momentum: 0.5 }, momentum: { lr: 0.1 }, adam: { lr: 0.001, eps: 1e-7, amsgrad: 1 } };
  const other = trainingSchema(changed);
  assert.deepEqual(other.uses, { sgd: ['momentum'], momentum: [], adam: ['eps'] });
  const config = { ...DEFAULTS, optimizer: 'sgd', lr: 0.2, momentum: 0.7, beta1: 0.8 };
  assert.deepEqual(toRequest(config, undefined, '', other).optimizer, { name: 'sgd', lr: 0.2, momentum: 0.7 });
  assert.equal(toURL(config, { ...B_DEFAULTS }, other).train_mu, '0.7');
  assert.equal(toURL(config, { ...B_DEFAULTS }, SCHEMA).train_mu, null); // plain SGD has no μ
});

test('optimiser settings outside the schema\'s ranges name their field and the allowed range', () => {
  const refused = [
    ['momentum', 'momentum', 1, 'training.err.rangeBelow'], ['momentum', 'momentum', -0.1, 'training.err.rangeBelow'],
    ['momentum', 'momentum', 'x', 'training.err.rangeBelow'],
    ['adam', 'beta1', 1, 'training.err.rangeBelow'], ['adam', 'beta2', 1, 'training.err.rangeBelow'],
    ['adam', 'beta2', 1.5, 'training.err.rangeBelow'], ['adam', 'beta2', -1e-9, 'training.err.rangeBelow'],
    ['adam', 'eps', 0, 'training.err.rangeAbove'], ['adam', 'eps', 1.01, 'training.err.rangeAbove'],
    ['adam', 'eps', Number.NaN, 'training.err.rangeAbove'], ['adam', 'lr', 0, 'training.err.rangeAbove'],
    ['sgd', 'lr', 100.5, 'training.err.rangeAbove'], ['sgd', 'lr', Infinity, 'training.err.rangeAbove'],
  ];
  for (const [optimizer, key, value, message] of refused) {
    assert.throws(() => toRequest({ ...DEFAULTS, optimizer, [key]: value }),
      (e) => e instanceof ConfigError && e.field === key && e.key === message && e.params.lo === 0 && e.params.hi === LIMITS[key][1],
      `${optimizer} ${key}=${value}`);
  }
  assert.equal(toRequest({ ...DEFAULTS, lr: 100 }).optimizer.lr, 100);
  assert.equal(toRequest({ ...DEFAULTS, lr: 1e-9 }).optimizer.lr, 1e-9);
});

test('inRange follows open and closed ends', () => {
  assert.ok(inRange(0, [0, 1, '[)']) && !inRange(1, [0, 1, '[)']) && inRange(0.999999, [0, 1, '[)']));
  assert.ok(!inRange(0, [0, 1, '(]']) && inRange(1, [0, 1, '(]']) && inRange(1e-300, [0, 1, '(]']));
  assert.ok(inRange(0, [0, 1]) && inRange(1, [0, 1]));
  for (const bad of ['', null, undefined, 'abc', Number.NaN, -Infinity, true]) assert.ok(!inRange(bad, [0, 1]), String(bad));
});

test('switching optimiser applies its default lr unless the user chose their own', () => {
  // Untouched: the page's starting 0.03 for Adam, or the previous optimiser's default.
  assert.equal(switchOptimizer({ ...DEFAULTS }, 'sgd', SCHEMA).lr, 0.1);
  assert.equal(switchOptimizer({ ...DEFAULTS, optimizer: 'sgd', lr: 0.1 }, 'adam', SCHEMA).lr, 0.001);
  assert.equal(switchOptimizer({ ...DEFAULTS, optimizer: 'adam', lr: 0.001 }, 'momentum', SCHEMA).lr, 0.1);
  assert.equal(switchOptimizer({ ...DEFAULTS, lr: '' }, 'momentum', SCHEMA).lr, 0.1);
  // The user's own: a value that is no default, or anything they typed (even a default's value).
  assert.equal(switchOptimizer({ ...DEFAULTS, lr: 0.05 }, 'sgd', SCHEMA).lr, 0.05);
  assert.equal(switchOptimizer({ ...DEFAULTS, optimizer: 'sgd', lr: 0.1 }, 'adam', SCHEMA, { lrTyped: true }).lr, 0.1);
  assert.equal(switchOptimizer({ ...DEFAULTS, lr: '' }, 'adam', SCHEMA, { lrTyped: true }).lr, 0.001);
  // Configuration B starts from SGD at 0.3.
  assert.equal(switchOptimizer({ ...B_DEFAULTS }, 'adam', SCHEMA, { defaults: B_DEFAULTS }).lr, 0.001);
  assert.equal(switchOptimizer({ ...B_DEFAULTS }, 'adam', SCHEMA).lr, 0.3); // 0.3 is no default of A's
  // Empty settings of the new optimiser get their defaults; typed ones are kept.
  const adam = switchOptimizer({ ...DEFAULTS, optimizer: 'sgd', lr: 0.1, beta1: '', beta2: 0.5, eps: null }, 'adam', SCHEMA);
  assert.deepEqual([adam.optimizer, adam.beta1, adam.beta2, adam.eps], ['adam', 0.9, 0.5, 1e-8]);
  assert.equal(switchOptimizer({ ...DEFAULTS, momentum: '' }, 'momentum', SCHEMA).momentum, 0.9);
  assert.equal(switchOptimizer({ ...DEFAULTS, momentum: 0.5 }, 'momentum', SCHEMA).momentum, 0.5);
});

test('the URL keeps the chosen optimiser\'s settings and leaves defaults and unused ones out', () => {
  const a = { ...DEFAULTS, beta2: 0.9, momentum: 0.5 };
  const url = toURL(a, { ...B_DEFAULTS }, SCHEMA);
  assert.equal(url.train_beta2, '0.9');
  assert.equal(url.train_beta1, null); // Adam's default
  assert.equal(url.train_mu, null); // Adam does not use μ
  assert.equal(url.train_lr, null); // the starting lr for Adam
  const back = fromURL(Object.fromEntries(Object.entries(url).filter(([, v]) => v !== null)), SCHEMA);
  assert.equal(back.a.beta2, 0.9);
  assert.equal(back.a.eps, 1e-8);

  const a2 = { ...DEFAULTS, optimizer: 'momentum', lr: 0.1, momentum: 0.5, compare: true };
  const b2 = { ...B_DEFAULTS, optimizer: 'adam', lr: 0.001, beta1: 0.8, eps: 1e-7 };
  const url2 = toURL(a2, b2, SCHEMA);
  assert.deepEqual([url2.train_opt, url2.train_lr, url2.train_mu, url2.train_beta2], ['momentum', null, '0.5', null]);
  assert.deepEqual([url2.train_b_opt, url2.train_b_lr, url2.train_b_beta1, url2.train_b_eps, url2.train_b_mu],
    ['adam', null, '0.8', '1e-7', null]);
  const back2 = fromURL(Object.fromEntries(Object.entries(url2).filter(([, v]) => v !== null)), SCHEMA);
  assert.deepEqual(back2.a, a2);
  assert.deepEqual(back2.b, b2);
  assert.deepEqual(toRequest(configB(back2.a, back2.b)).optimizer, { name: 'adam', lr: 0.001, beta1: 0.8, beta2: 0.999, eps: 1e-7 });

  // A link naming only an optimiser gets its default lr; junk falls back to the defaults.
  assert.equal(fromURL({ train_opt: 'sgd' }, SCHEMA).a.lr, 0.1);
  assert.equal(fromURL({ train_b_opt: 'adam', train_cmp: '1' }, SCHEMA).b.lr, 0.001);
  assert.equal(fromURL({}, SCHEMA).a.lr, 0.03);
  const junk = fromURL({ train_opt: 'adam', train_beta2: 'x', train_eps: '', train_mu: '1e999' }, SCHEMA);
  assert.deepEqual([junk.a.beta2, junk.a.eps, junk.a.momentum], [0.999, 1e-8, 0.9]);
  // Out-of-range numbers are kept as the link says; the form then explains them before any request.
  assert.equal(fromURL({ train_beta2: '1' }, SCHEMA).a.beta2, 1);
  assert.equal(startLr('adam', DEFAULTS, OPTIMIZERS), 0.03);
  assert.equal(startLr('momentum', DEFAULTS, OPTIMIZERS), 0.1);
});

test('a run is described by its optimiser and the settings it was sent with', () => {
  const names = { adam: 'Adam', momentum: 'SGD with momentum', sgd: 'SGD' };
  const nameOf = (n) => names[n];
  assert.equal(describeOptimizer({ name: 'adam', lr: 0.03, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, nameOf), 'Adam η=0.03 β1=0.9 β2=0.999 ε=1e-8');
  assert.equal(describeOptimizer({ name: 'momentum', lr: 0.1, momentum: 0.5 }, nameOf), 'SGD with momentum η=0.1 μ=0.5');
  assert.equal(describeOptimizer({ name: 'sgd', lr: 0.1 }, nameOf), 'SGD η=0.1');
  // A step response's optimizer carries more (t, rule) and for SGD momentum: null; those are left out.
  assert.equal(describeOptimizer({ name: 'sgd', lr: 0.1, t: null, rule: '\\theta' }, nameOf), 'SGD η=0.1');
  assert.equal(describeOptimizer(toRequest({ ...DEFAULTS, optimizer: 'momentum', lr: 0.2, momentum: 0 }).optimizer), 'momentum η=0.2 μ=0');
  assert.equal(describeOptimizer(null), '');
});

test('the form\'s bounds are the API\'s schema\'s (the engine\'s), narrowed only by its own dropout and dev caps', () => {
  assert.deepEqual(LIMITS, {
    n: [4, 5000, '[]'], noise: [0, 10, '[]'], dataSeed: [0, 2 ** 53 - 1, '[]'], scale: [0.001, 1000, '[]'],
    lr: [0, 100, '(]'], momentum: [0, 1, '[)'], beta1: [0, 1, '[)'], beta2: [0, 1, '[)'], eps: [0, 1, '(]'],
    epochs: [1, 100000, '[]'], batchSize: [1, 5000, '[]'], l2: [0, 100, '[]'], dropout: [0, 0.95, '[]'],
    devFraction: [0, 0.9, '[]'], seed: [0, 2 ** 53 - 1, '[]'], units: [1, 256, '[]'], hiddenLayers: 8,
  });
  // A bound the API changes is the form's at once: e.g. a schema allowing 50 epochs, or batches of 64.
  const fewer = structuredClone(OPENAPI);
  fewer.components.schemas.TrainRequest.properties.epochs.maximum = 50;
  fewer.components.schemas.TrainRequest.properties.batch_size.anyOf[0].maximum = 64;
  assert.throws(() => toRequest({ ...DEFAULTS, epochs: 51 }, undefined, '', trainingSchema(fewer)),
    (e) => e.field === 'epochs' && e.params.hi === 50);
  assert.throws(() => toRequest({ ...DEFAULTS, epochs: 10, batchSize: 65 }, undefined, '', trainingSchema(fewer)),
    (e) => e.field === 'batchSize' && e.params.hi === 64);
  assert.equal(toRequest({ ...DEFAULTS, epochs: 51, batchSize: 5000 }).epochs, 51);
});

test('the form offers the API\'s choices (the engine\'s), a hidden layer\'s activations and the user\'s own data', () => {
  assert.deepEqual(SCHEMA.choices, {
    dataset: ['xor', 'circles', 'moons', 'spiral', 'gaussians', 'csv'], activation: ['relu', 'sigmoid', 'tanh', 'leaky_relu'],
    loss: ['bce', 'ce', 'mse'], init: ['small', 'xavier', 'he', 'normal'], optimizer: ['sgd', 'momentum', 'adam'],
  });
  // A choice the API adds is offered at once, and one it drops is no longer taken from a link.
  const more = structuredClone(OPENAPI);
  more.components.schemas.TrainRequest.properties.init.enum = ['he', 'lecun'];
  assert.deepEqual(trainingSchema(more).choices.init, ['he', 'lecun']);
  assert.equal(fromURL({ train_init: 'lecun' }, trainingSchema(more)).a.init, 'lecun');
  assert.equal(fromURL({ train_init: 'xavier' }, trainingSchema(more)).a.init, DEFAULTS.init);
  for (const [key, values] of Object.entries(SCHEMA.choices)) {
    for (const v of values) assert.ok(strings.en[`training.${{ activation: 'act', optimizer: 'opt' }[key] ?? key}.${v}`], `${key} ${v} has words`);
  }
});
