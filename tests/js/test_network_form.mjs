// Unit tests of network_form.js's pure helpers. It imports i18n.js, which needs no DOM at import time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parameterEntries, fieldForError, formRefusal, networkChoices, FIGURE_6_18 } from '../../static/js/explorer/network_form.js';
import strings from '../../static/js/i18n/explorer_extra.js';
import { layerLimit, outputForLoss } from '../../static/js/schema.js';

test('parameterEntries names matrix entries as the scalar view does', () => {
  const rows = parameterEntries('W1', [[1, 2], [3, 4]], [[0.1, 0.2], [0.3, 0.4]]);
  assert.deepEqual(rows.map((r) => r.id), ['w1_11', 'w1_12', 'w1_21', 'w1_22']);
  assert.deepEqual(rows.map((r) => r.grad), [0.1, 0.2, 0.3, 0.4]);
  assert.deepEqual(parameterEntries('b2', [0.05], [-0.4]).map((r) => [r.id, r.letter, r.layer, r.sub, r.value, r.grad]),
    [['b2_1', 'b', '2', '1', 0.05, -0.4]]);
  assert.ok(Number.isNaN(parameterEntries('b1', ['NaN'], ['Infinity'])[0].value));
});

test('a batch x in the scalar view is worded for the learner at the x field, not as the API\'s view "layer"', () => {
  const detail = { error: 'SpecError', code: 'scalar_view_one_sample', params: { size: '2' },
    message: 'The scalar view shows one sample; give x as one list of 2 numbers, or use view "layer" for a batch.' };
  const own = formRefusal(detail);
  assert.deepEqual([own.field, own.key, own.params], ['x', 'net.scalarOneSample', { size: '2' }]);
  for (const lang of ['en', 'zh']) {
    const text = strings[lang][own.key];
    assert.ok(text.includes('{size}'), lang);
    assert.doesNotMatch(text, /view "layer"|"layer"/, `${lang}: the page's words, not the API's`);
  }
  assert.equal(formRefusal({ code: 'x_size', message: 'x has 3 numbers' }), null, 'others keep the engine\'s message');
  assert.equal(formRefusal(null), null);
});

test('fieldForError finds the field of schema and engine errors', () => {
  assert.equal(fieldForError([{ loc: ['body', 'layers', 0, 'units'], msg: 'too big' }]), 'layers');
  assert.equal(fieldForError([{ loc: ['body', 'x'], msg: 'bad' }]), 'x');
  assert.equal(fieldForError({ message: 'x has 3 numbers but input_size is 2' }), 'x');
  assert.equal(fieldForError({ message: 'bce labels must be 0 or 1, got y = 2' }), 'y');
  assert.equal(fieldForError({ message: 'W1 must have shape (2, 2), got (2, 3)' }), 'weights');
  assert.equal(fieldForError({ message: 'the scalar view takes one sample; x is a batch' }), 'view');
  assert.equal(fieldForError({ message: 'unknown activation "foo"' }), 'layers');
  assert.equal(fieldForError({ field: 'seed', message: 'whatever' }), 'seed');
  assert.equal(fieldForError({ message: 'something odd' }), null);
  // The engine's own messages (engine/netspec.py) land next to the field they are about.
  const engine = {
    'layer 2: softmax over a single unit is always 1; give it at least 2 units or choose sigmoid.': 'layers',
    'y for loss bce must be between 0 and 1 (class 1 = 1); found 2.': 'y',
    'W1 must have shape (2, 2) = (units of layer 1, units of layer 0) since z = W x + b; got (2, 3).': 'weights',
    'weights is missing b1, W2, b2; give every W and b, or leave weights out and use init.': 'weights',
    'For loss ce, y is one class index (a whole number); got shape (3,).': 'y',
    'x has 3 numbers but input_size is 2; give one number per input, or a list of samples for a batch.': 'x',
    'The scalar view shows one sample; give x as one list of 2 numbers, or use view "layer" for a batch.': 'view',
  };
  for (const [message, field] of Object.entries(engine)) assert.equal(fieldForError({ message }), field, message);
  assert.equal(fieldForError(null), null);
});

test('the figure 6.18 preset is a 2-2-1 ReLU/sigmoid/BCE network with weights of the right shapes', () => {
  const s = FIGURE_6_18;
  assert.equal(s.input_size, 2);
  assert.deepEqual(s.layers.map((l) => [l.units, l.activation]), [[2, 'relu'], [1, 'sigmoid']]);
  assert.equal(s.loss, 'bce');
  assert.equal(s.weights.W1.length, 2);
  assert.equal(s.weights.W1[0].length, 2);
  assert.equal(s.weights.W2.length, 1);
  assert.equal(s.weights.W2[0].length, 2);
  assert.equal(s.weights.b1.length, 2);
  assert.equal(s.weights.b2.length, 1);
  assert.equal(s.x.length, 2);
});

test('every English string of the form and help panel has a Chinese twin, and no more', async () => {
  const { default: strings } = await import('../../static/js/i18n/explorer_extra.js');
  assert.deepEqual(Object.keys(strings.zh).sort(), Object.keys(strings.en).sort());
  for (const [key, text] of Object.entries(strings.zh)) assert.ok(text.trim(), key);
});

test('layerLimit reads the engine\'s layer limit from the API\'s schema, and nothing else', () => {
  const schema = (layers) => ({ components: { schemas: { NetworkRequest: { properties: { layers } } } } });
  assert.equal(layerLimit(schema({ type: 'array', minItems: 1, maxItems: 9 })), 9);
  assert.equal(layerLimit(schema({ type: 'array', minItems: 1 })), null, 'a schema that does not say');
  assert.equal(layerLimit(schema({ maxItems: '9' })), null);
  assert.equal(layerLimit(schema({ maxItems: 0 })), null);
  assert.equal(layerLimit(null), null);
  assert.equal(layerLimit({ components: { schemas: { TrainRequest: { properties: { layers: { maxItems: 9 } } } } } }), null);
});


test('networkChoices reads the choices of the network request from the API\'s schema; every one has words', () => {
  const openapi = JSON.parse(readFileSync(new URL('./fixtures/request_schemas.json', import.meta.url)));
  const choices = networkChoices(openapi);
  assert.deepEqual(choices, {
    activation: ['relu', 'sigmoid', 'tanh', 'softmax', 'identity', 'leaky_relu'], loss: ['bce', 'ce', 'mse'],
    init: ['small', 'xavier', 'he', 'normal'],
  });
  for (const [kind, prefix] of [['activation', 'net.act'], ['loss', 'net.loss'], ['init', 'net.init']]) {
    for (const value of choices[kind]) {
      for (const lang of ['en', 'zh']) assert.ok(strings[lang][`${prefix}.${value}`], `${lang} ${prefix}.${value}`);
    }
  }
  assert.deepEqual(networkChoices(null), { activation: null, loss: null, init: null });
});

test('outputForLoss reads the engine\'s loss → output activation table from the API\'s schema', () => {
  const openapi = JSON.parse(readFileSync(new URL('./fixtures/request_schemas.json', import.meta.url)));
  assert.deepEqual(outputForLoss(openapi), { bce: 'sigmoid', ce: 'softmax', mse: 'identity' });
  // Every loss the form offers has its output, and that output is an activation the form offers.
  const choices = networkChoices(openapi);
  for (const loss of choices.loss) assert.ok(choices.activation.includes(outputForLoss(openapi)[loss]), loss);
  assert.equal(outputForLoss(null), null);
  assert.equal(outputForLoss({ components: { schemas: { NetworkRequest: { properties: { loss: { enum: ['bce'] } } } } } }), null);
  // The training request states the same table (its form builds the output layer by it).
  assert.deepEqual(outputForLoss(openapi, 'TrainRequest'), outputForLoss(openapi));
});
