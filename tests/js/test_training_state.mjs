// The training view's store (state.js), gradient health (health.js), presets and the network layout:
// pure functions, no page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStore } from '../../static/js/store.js';
import { DEFAULT_PACE, newRun, resumeBodies, trainingActions, trainingFromQuery, trainingToQuery } from '../../static/js/training/state.js';
import { EXPLODING_FACTOR, gradientFlags, layerSeries } from '../../static/js/training/health.js';
import { PRESETS, applyPreset } from '../../static/js/training/presets.js';
import { readFileSync } from 'node:fs';
import { configB, toRequest, trainingSchema } from '../../static/js/training/config.js';
import { networkLayout, unitDetails } from '../../static/js/training/neurons.js';

// The API's schema (tests/js/fixtures/make_fixtures.py) as the view reads it: its bounds, choices and
// the optimisers' defaults the page's starting configurations are filled with.
const SCHEMA = trainingSchema(JSON.parse(readFileSync(new URL('./fixtures/request_schemas.json', import.meta.url))));
const fromQuery = (query) => trainingFromQuery(query, SCHEMA);
const entry = (epoch, norms) => ({ epoch, train_loss: 1 / epoch, grad_norms: norms });
const body = { epochs: 10, layers: [] };
const progress = (epoch, n, extra = {}) => ({ epoch, epochs: 10, history: Array.from({ length: n }, (_, i) => entry(epoch - n + i + 1, { W1: 1, W2: 1 })), checkpoint: { epoch, parameters: { W1: [[epoch]] } }, boundary: { xs: [epoch] }, ...extra });

test('the link holds the settings, the speed and the preset; defaults stay out', () => {
  const s = fromQuery({});
  assert.equal(s.pace, DEFAULT_PACE);
  assert.deepEqual(Object.values(trainingToQuery(s, SCHEMA)).filter((v) => v !== null), []);
  const q = trainingToQuery({ ...s, pace: null, preset: 'deep-he', a: { ...s.a, lr: 0.5 } }, SCHEMA);
  assert.equal(q.train_pace, 'max');
  assert.equal(q.train_preset, 'deep-he');
  assert.equal(q.train_lr, '0.5');
  assert.equal(fromQuery(q).pace, null);
  assert.equal(fromQuery({ train_pace: '7' }).pace, DEFAULT_PACE); // not an offered speed
  assert.equal(fromQuery({ train_preset: 'nope' }).preset, null);
});

test('progress events extend the history once per epoch and keep the latest boundary and checkpoint', () => {
  const store = createStore(fromQuery({}), trainingActions);
  store.actions.startRuns({ A: body });
  store.actions.progress('A', progress(3, 3));
  store.actions.progress('A', progress(5, 2));
  const a = store.getState().runs.A;
  assert.deepEqual(a.history.map((e) => e.epoch), [1, 2, 3, 4, 5]);
  assert.equal(a.boundaryEpoch, 5);
  assert.deepEqual(a.parameters, { W1: [[5]] });
  assert.equal(store.getState().status, 'running');
});

test('pause keeps the checkpoint; resume sends it back and drops what came after it', () => {
  const store = createStore({ ...fromQuery({}), pace: 30 }, trainingActions);
  store.actions.startRuns({ A: body, B: body });
  store.actions.progress('A', progress(4, 4));
  store.actions.progress('A', { ...progress(6, 2), checkpoint: null }); // a run too large to resume
  store.actions.pause();
  assert.equal(store.getState().status, 'paused');
  assert.equal(store.getState().runs.A.checkpoint.epoch, 4);
  store.actions.resume();
  const s = store.getState();
  assert.deepEqual(s.runs.A.history.map((e) => e.epoch), [1, 2, 3, 4]);
  const bodies = resumeBodies(s);
  assert.equal(bodies.A.resume_from.epoch, 4);
  assert.equal(bodies.A.pace, 30);
  assert.equal(bodies.B.resume_from, undefined); // B had sent nothing yet: it starts again
  store.actions.progress('A', progress(6, 2));
  assert.deepEqual(store.getState().runs.A.history.map((e) => e.epoch), [1, 2, 3, 4, 5, 6]);
  // a finished run is not resumed
  store.actions.result('B', { epoch: 10, history: [], decision_boundary: null, parameters: { W1: { value: [[1]] } }, checkpoint: null, divergence: null });
  assert.deepEqual(Object.keys(resumeBodies(store.getState())), ['A']);
  assert.deepEqual(store.getState().runs.B.parameters, { W1: [[1]] });
  store.actions.finish();
  assert.equal(store.getState().status, 'done');
});

test('as fast as possible sends no pace', () => {
  const s = { ...fromQuery({}), pace: null, runs: { A: newRun(body) } };
  assert.equal('pace' in resumeBodies(s).A, false);
});

test('gradient flags: vanishing below 1e-6 of the last layer, exploding at x10 per epoch two epochs running', () => {
  const healthy = [entry(1, { W1: 0.5, b1: 0.1, W2: 1 }), entry(2, { W1: 0.4, b1: 0.1, W2: 0.9 })];
  assert.deepEqual(gradientFlags(healthy), { vanishing: null, exploding: null });
  const vanishing = [entry(1, { W1: 1e-9, W2: 1 }), entry(2, { W1: 1e-8, W2: 1 }), entry(3, { W1: 1e-3, W2: 1 })];
  assert.deepEqual(gradientFlags(vanishing).vanishing, { layer: 1, first: 1, last: 2, ratio: 1e-9 });
  const once = [entry(1, { W1: 1, W2: 1 }), entry(2, { W1: 12, W2: 1 }), entry(3, { W1: 2, W2: 1 })];
  assert.equal(gradientFlags(once).exploding, null); // one noisy jump is not exploding
  const exploding = [entry(1, { W1: 1, W2: 1 }), entry(2, { W1: 2, W2: 1 }), entry(3, { W1: 2 * EXPLODING_FACTOR, W2: 1 }),
    entry(4, { W1: 'Infinity', W2: 1 })];
  assert.deepEqual(gradientFlags(exploding).exploding, { layer: 1, epoch: 4, factor: Infinity });
  assert.deepEqual(layerSeries(exploding).map((s) => [s.id, s.points.length]), [['W1', 3], ['W2', 4]]);
});

test('every preset makes a request the API accepts, and a preset does not leave another\'s scale behind', () => {
  const { a: DEFAULTS, b: B_DEFAULTS } = SCHEMA.start;
  const shape = { features: 2, labels: [0, 1] };
  for (const preset of PRESETS) {
    const { a, b } = applyPreset(preset.id, { ...DEFAULTS }, { ...B_DEFAULTS });
    const request = toRequest(a, shape, '', SCHEMA);
    assert.ok(request.layers.length >= 2, preset.id);
    if (a.compare) assert.ok(toRequest(configB(a, b), shape, '', SCHEMA), preset.id);
  }
  const scaled = applyPreset('unnormalised', { ...DEFAULTS }, B_DEFAULTS).a;
  assert.deepEqual(toRequest(scaled, shape, '', SCHEMA).dataset.scale, [1, 100]);
  assert.equal(toRequest(applyPreset('deep-he', scaled, B_DEFAULTS).a, shape, '', SCHEMA).dataset.scale, undefined);
  assert.equal(toRequest(applyPreset('deep-small', DEFAULTS, B_DEFAULTS).a, shape, '', SCHEMA).layers.length, 9);
});

test('the network layout puts every unit in its layer column and fits tall layers', () => {
  const layout = networkLayout([2, 16, 16, 1]);
  assert.equal(layout.nodes.length, 35);
  assert.deepEqual([...new Set(layout.nodes.map((n) => n.x))].length, 4);
  const tall = networkLayout([2, 256, 1]);
  assert.ok(tall.thumb >= 10 && tall.height < 256 * 20);
  const run = { parameters: { W1: [[0.5, -1]], b1: [0.1] }, gradients: { W1: [[0.01, 0.02]], b1: [0.003] } };
  assert.deepEqual(unitDetails(run, 1, 0).rows.map((r) => [r.name, r.weight, r.grad]),
    [['W[1]₁,₁', 0.5, 0.01], ['W[1]₁,₂', -1, 0.02], ['b[1]₁', 0.1, 0.003]]);
});
