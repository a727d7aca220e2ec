// Unit tests of the pure parts of export.js and network_form.js (node --test tests/js/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { styleAttributes, texToRuns, safeFilename, pngScale, MAX_CANVAS_SIDE } from '../../static/js/explorer/export.js';

test('styleAttributes writes only what differs from the initial value at the root', () => {
  const attrs = styleAttributes({ fill: 'rgb(0, 114, 178)', stroke: 'none', 'stroke-width': '2px', opacity: '1', 'font-family': 'serif', 'font-size': '14px' }, 'svg');
  assert.deepEqual(attrs, [['fill', 'rgb(0, 114, 178)'], ['stroke-width', '2px'], ['font-family', 'serif'], ['font-size', '14px']]);
});

test('styleAttributes leaves inherited values to inheritance but writes overrides', () => {
  const parent = { fill: 'rgb(0, 114, 178)', stroke: 'rgb(1, 2, 3)', 'font-size': '14px' };
  const child = { fill: 'rgb(0, 114, 178)', stroke: 'none', 'font-size': '14px', opacity: '0.5' };
  assert.deepEqual(styleAttributes(child, 'text', parent), [['stroke', 'none'], ['opacity', '0.5']]);
  // A black fill under a coloured parent must be written, although black is the initial value.
  assert.deepEqual(styleAttributes({ fill: 'rgb(0, 0, 0)' }, 'rect', { fill: 'red' }), [['fill', 'rgb(0, 0, 0)']]);
});

test('styleAttributes skips text properties on shapes', () => {
  assert.deepEqual(styleAttributes({ 'font-size': '20px', 'text-anchor': 'middle' }, 'rect'), []);
  assert.deepEqual(styleAttributes({ 'font-size': '20px', 'text-anchor': 'middle' }, 'text'), [['font-size', '20px'], ['text-anchor', 'middle']]);
});

test('texToRuns turns textbook symbols into raised and lowered text', () => {
  assert.deepEqual(texToRuns('w^{[1]}_{12}'), [{ text: 'w', shift: 0 }, { text: '[1]', shift: 1 }, { text: '12', shift: -1 }]);
  assert.deepEqual(texToRuns('x_1'), [{ text: 'x', shift: 0 }, { text: '1', shift: -1 }]);
  assert.equal(texToRuns('\\frac{\\partial L}{\\partial a}').map((r) => r.text).join(''), '∂L/∂a');
  assert.equal(texToRuns('\\sigma(z) \\cdot 2').map((r) => r.text).join(''), 'σ(z) · 2');
  assert.equal(texToRuns('1 \\text{ if } z \\ge 0').map((r) => r.text).join(''), '1 if z ≥ 0');
  // The op table's conditions (the indicator) and a leaf's space.
  assert.equal(texToRuns('\\mathbf{1}\\{z \\ge 0\\}').map((r) => r.text).join(''), '𝟙{z ≥ 0}');
  assert.equal(texToRuns('x \\in \\mathbb{R}^{2}').map((r) => r.text).join(''), 'x ∈ ℝ2');
  assert.equal(texToRuns('e = a + d').map((r) => r.text).join(''), 'e = a + d');
  assert.equal(texToRuns('z^{[2]}-y').map((r) => r.text).join(''), 'z[2]−y');
  assert.equal(texToRuns('\\hat{y}')[0].text, 'y\u0302');
  assert.deepEqual(texToRuns(''), []);
  // Unknown commands keep their name rather than vanishing.
  assert.equal(texToRuns('\\foo x').map((r) => r.text).join(''), 'foox');
});

test('texToRuns survives unbalanced input', () => {
  for (const s of ['{', '}', '^', '_{', '\\frac{a}', 'a^{b', '\\']) assert.ok(Array.isArray(texToRuns(s)), s);
});

test('safeFilename keeps names readable and safe', () => {
  assert.equal(safeFilename('graph', 'svg'), 'graph.svg');
  assert.equal(safeFilename('L = c(a+2b).svg', 'svg'), 'L-c-a-2b.svg');
  assert.equal(safeFilename('../../etc/passwd', 'png'), 'etc-passwd.png');
  assert.equal(safeFilename('', 'json'), 'graph.json');
  assert.equal(safeFilename('网络', 'json'), '网络.json');
});

test('pngScale keeps the canvas within what Chromium can draw', () => {
  assert.equal(pngScale(800, 600, 2), 2);
  const s = pngScale(20000, 500, 2);
  assert.ok(20000 * s <= MAX_CANVAS_SIDE + 1e-9);
  const big = pngScale(12000, 12000, 3);
  assert.ok(12000 * big * 12000 * big <= 16384 * 16384 / 4 + 1);
});
