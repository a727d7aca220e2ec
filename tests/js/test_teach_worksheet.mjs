// The worksheet's boxes, answer key and blanked drawing (static/js/worksheet), and which graphs a link asks for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { worksheetItems, blankAnswer, boxNumbers, edgeList, askedState } from '../../static/js/worksheet/blanks.js';
import { resolveAnswer } from '../../static/js/answer.js';
import { stateAt } from '../../static/js/explorer/timeline.js';
import { worksheetRequests, tikzRequest, MAX_COUNT } from '../../static/js/worksheet/sources.js';
import { opTable } from '../../static/js/ops.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/fig615.json', import.meta.url)));
const fig615 = fixture.graph ?? fixture;
const ops = opTable(JSON.parse(readFileSync(new URL('./fixtures/ops.json', import.meta.url))));

test('figure 6.15: values forward, then gradients backward, the constant 2 never asked', () => {
  const items = worksheetItems(fig615, ops);
  assert.equal(items.length, 19);
  assert.deepEqual(items.slice(0, 3).map((i) => [i.n, i.kind, i.node, i.answer]), [[1, 'value', 'd', 2], [2, 'value', 'e', 5], [3, 'value', 'L', -10]]);
  const byKey = Object.fromEntries(items.map((i) => [`${i.kind}:${i.node}:${i.source ?? ''}`, i]));
  assert.equal(byKey['upstream:a:'].answer, -2);
  assert.equal(byKey['upstream:b:'].answer, -4);
  assert.equal(byKey['upstream:c:'].answer, 5);
  assert.ok(!items.some((i) => i.node === '_1' || i.source === '_1'));
  assert.equal(byKey['value:e:'].work, 'e = a + d = 3 + 2 = 5');
  assert.equal(byKey['downstream:d:b'].work, '-2 \\times 2 = -4');
  assert.equal(byKey['local:L:c'].work, '\\frac{\\partial L}{\\partial c} = e = 5');
  // e's upstream gradient is what L sent along its edge to e: that box's number.
  assert.deepEqual(byKey['upstream:e:'].from, [byKey['downstream:L:e'].n]);
  assert.deepEqual(items.map((i) => i.n), items.map((_, k) => k + 1));
});

const fig618 = JSON.parse(readFileSync(new URL('./fixtures/fig618_scalar.json', import.meta.url)));
const DATA = ['x1', 'x2', 'y'];

test('figure 6.18: no box asks ∂L/∂x or ∂L/∂y, nor the edges from the data; every weight is asked', () => {
  const items = worksheetItems(fig618, ops);
  assert.deepEqual(items.filter((i) => DATA.includes(i.node) || DATA.includes(i.source)).map((i) => i.asked), []);
  const upstream = new Set(items.filter((i) => i.kind === 'upstream').map((i) => i.node));
  for (const id of ['w1_11', 'w1_22', 'b1_1', 'w2_12', 'b2_1', 'z2_1', 'L']) assert.ok(upstream.has(id), id);
  const blank = blankAnswer(fig618, items);
  for (const id of DATA) {
    const node = blank.nodes.find((n) => n.id === id);
    assert.equal(node.grad, '', `${id}'s gradient is neither asked nor printed`);
    assert.equal(node.value, fig618.nodes.find((n) => n.id === id).value, `${id}'s value is given`);
  }
  const fromData = blank.edges.filter((e) => DATA.includes(e.source));
  assert.equal(fromData.length, 5);
  assert.ok(fromData.every((e) => e.local === '' && e.downstream === ''));
  // The mark decides: without it the same inputs are asked about again.
  const unmarked = { ...fig618, nodes: fig618.nodes.map(({ role, ...n }) => n) };
  assert.equal(worksheetItems(unmarked, ops).length, items.length + 3 + 5 * 2);
});

test('the sheet\'s drawing reveals no gradient of the data nor on the edges from it; figure 6.15 keeps all', () => {
  const net = resolveAnswer(fig618);
  const all = stateAt(net, net.steps.length);
  const shown = askedState(net, all);
  assert.deepEqual([...all.grads].filter((id) => !shown.grads.has(id)).sort(), DATA.slice().sort());
  assert.equal(all.edges.size - shown.edges.size, 5);
  assert.ok(shown.grads.has('w1_11') && shown.edges.has('_1:0') && !shown.edges.has('_1:1'), 'w1_11 · x1: the edge from w1_11 only');
  const fig = resolveAnswer(fig615);
  const whole = stateAt(fig, fig.steps.length);
  assert.deepEqual(askedState(fig, whole).grads, whole.grads);
  assert.deepEqual(askedState(fig, whole).edges, whole.edges);
});

test('the worksheet numbers its boxes as the TikZ export does (fixtures/tikz_blanks.json)', () => {
  const tikz = JSON.parse(readFileSync(new URL('./fixtures/tikz_blanks.json', import.meta.url)));
  for (const [name, answer] of [['fig615.json', fig615], ['fig618_scalar.json', fig618]]) {
    const sheet = worksheetItems(answer, ops).map((i) => [i.kind, i.node, i.kind === 'local' || i.kind === 'downstream' ? i.slot : null, i.n]);
    assert.deepEqual(sheet, tikz[name], name);
  }
});

test('a fan-out node sums several boxes', () => {
  const fan = JSON.parse(readFileSync(new URL('./fixtures/fanout.json', import.meta.url)));
  const items = worksheetItems(fan.graph ?? fan, ops);
  const x = items.filter((i) => i.kind === 'upstream').sort((p, q) => q.from.length - p.from.length)[0];
  assert.ok(x.from.length > 1);
  assert.match(x.work, /\+/);
});

test('the blank drawing carries box labels instead of every asked number, and keeps the inputs', () => {
  const items = worksheetItems(fig615, ops);
  const blank = blankAnswer(fig615, items);
  const node = (id) => blank.nodes.find((n) => n.id === id);
  assert.equal(node('L').value, '(3) ____');
  assert.equal(node('a').value, 3);
  assert.equal(node('c').value, -2);
  assert.equal(node('_1').grad, '');
  const numbers = JSON.stringify(blank.nodes.map((n) => [n.value, n.grad])) + JSON.stringify(edgeList(blank).map((e) => [e.local, e.downstream]));
  for (const computed of ['-10', '-4', '5,', '"grad":-2']) assert.ok(!numbers.includes(computed), computed);
  assert.equal(fig615.nodes.find((n) => n.id === 'L').value, -10, 'the answer itself is not changed');
  const boxes = boxNumbers(items);
  assert.equal(boxes.value.get('L'), 3);
  assert.equal(boxes.downstream.get('d:1'), items.find((i) => i.kind === 'downstream' && i.source === 'b').n);
});

test('answer format 2 (edges sent once) gives the same items', () => {
  const edges = edgeList(fig615);
  const v2 = { ...fig615, edges, nodes: fig615.nodes.map((n) => ({ ...n, inputs: edges.filter((e) => e.target === n.id).map((e) => e.id) })) };
  assert.deepEqual(worksheetItems(v2, ops).map((i) => [i.kind, i.node, i.answer]), worksheetItems(fig615, ops).map((i) => [i.kind, i.node, i.answer]));
  const blank = blankAnswer(v2, worksheetItems(v2, ops));
  assert.equal(blank.edges.find((e) => e.target === 'd' && e.source === 'b').downstream, `(${worksheetItems(v2, ops).find((i) => i.kind === 'downstream' && i.source === 'b').n}) ____`);
});

test('links: an expression, a network, a figure and a practice set of seeds', () => {
  const expr = worksheetRequests({ source: 'c(a+2b)', values: '{"a":3,"b":1,"c":-2}' });
  assert.equal(expr.requests[0].path, '/api/v1/graph');
  assert.deepEqual(expr.requests[0].body.values, { a: 3, b: 1, c: -2 });
  assert.equal(expr.requests[0].body.source, 'c(a+2b)', 'sent as typed, as the explorer does (the engine names its nodes)');
  const net = worksheetRequests({ mode: 'network', net: '{"input_size":2}' });
  assert.deepEqual(net.requests[0], { path: '/api/v1/network', body: { input_size: 2 }, title: null });
  assert.equal(worksheetRequests({ mode: 'network', net: '[1' }).error, 'net');
  const set = worksheetRequests({ exercise: 'level2', seed: '7', count: '3' });
  assert.deepEqual(set.requests.map((r) => r.body), [{ level: 2, seed: 7 }, { level: 2, seed: 8 }, { level: 2, seed: 9 }]);
  assert.equal(worksheetRequests({ exercise: 'level1', seed: '1', count: '999' }).requests.length, MAX_COUNT);
  assert.equal(worksheetRequests({ exercise: 'level1', seed: '-3' }).requests[0].body.seed, 1);
  assert.deepEqual(worksheetRequests({ exercise: 'fig6.18' }).requests[0].body, { exercise: 'fig6.18' });
  assert.equal(worksheetRequests({ source: ' ' }).error, 'nothing');
  assert.equal(worksheetRequests({ train_update: 'x' }).error, 'nothing');
});

test('a link without an input is the explorer\'s default, figure 6.15 (the explorer leaves it out of its links)', () => {
  const { requests, error } = worksheetRequests({});
  assert.equal(error, undefined);
  assert.equal(requests.length, 1);
  assert.equal(requests[0].path, '/api/v1/graph');
  assert.deepEqual(requests[0].body.values, { a: 3, b: 1, c: -2 });
  assert.match(requests[0].body.source, /L = c\s*\*\s*e/);
  assert.deepEqual(worksheetRequests({ lang: 'zh' }).requests[0].body, requests[0].body);
});

test('the LaTeX export sends the link\'s expression or network to the TikZ endpoint', () => {
  const expr = tikzRequest({ source: 'c(a+2b)', values: '{"a":3,"b":1,"c":-2}' }, 'blanks');
  assert.equal(expr.path, '/api/v1/export/tikz?show=blanks');
  assert.deepEqual(expr.body.values, { a: 3, b: 1, c: -2 });
  assert.equal(tikzRequest({ mode: 'network', net: '{"input_size":2}' }).path, '/api/v1/export/tikz/network?show=gradients');
  assert.equal(tikzRequest({ train_update: 'x' }), null, 'a training update has no request to send');
  assert.equal(tikzRequest({ view: 'practice', exercise: 'level1', seed: '3' }), null);
});
