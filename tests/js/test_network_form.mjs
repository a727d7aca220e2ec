// Unit tests of network_form.js's pure helpers. It imports i18n.js, which needs no DOM at import time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parameterEntries, fieldForError, formatNumber, FIGURE_6_18 } from '../../static/js/explorer/network_form.js';

test('parameterEntries names matrix entries as the scalar view does', () => {
  const rows = parameterEntries('W1', [[1, 2], [3, 4]], [[0.1, 0.2], [0.3, 0.4]]);
  assert.deepEqual(rows.map((r) => r.id), ['w1_11', 'w1_12', 'w1_21', 'w1_22']);
  assert.deepEqual(rows.map((r) => r.grad), [0.1, 0.2, 0.3, 0.4]);
  assert.deepEqual(parameterEntries('b2', [0.05], [-0.4]).map((r) => [r.id, r.letter, r.layer, r.sub, r.value, r.grad]),
    [['b2_1', 'b', '2', '1', 0.05, -0.4]]);
  assert.ok(Number.isNaN(parameterEntries('b1', ['NaN'], ['Infinity'])[0].value));
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
  assert.equal(fieldForError(null), null);
});

test('formatNumber is short and marks non-finite values', () => {
  assert.equal(formatNumber(-2), '−2');
  assert.equal(formatNumber(0.1 + 0.2), '0.3');
  assert.equal(formatNumber(1e-9), '1.0000e−9');
  assert.equal(formatNumber(Infinity), '∞');
  assert.equal(formatNumber(NaN), 'NaN');
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
