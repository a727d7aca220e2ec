// static/js/answer.js: an answer in format 2 (docs/contract.md §1) linked into objects. The fixture is
// an engine answer (tests/js/fixtures/make_fixtures.py), so this reads what the API really sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolveAnswer, rawAnswer, isResolved, AnswerFormatError } from '../../static/js/answer.js';

const raw = () => JSON.parse(readFileSync(new URL('./fixtures/fig615.json', import.meta.url)));
const fanout = () => JSON.parse(readFileSync(new URL('./fixtures/fanout.json', import.meta.url)));

test('nodes by id, edges with their source and target nodes, in operand order', () => {
  const a = resolveAnswer(raw());
  const e = a.byId.get('e');
  assert.deepEqual(e.inputs.map((edge) => edge.source.id), ['a', 'd']);
  assert.ok(e.inputs.every((edge) => edge.target === e));
  assert.deepEqual(e.inputs.map((edge) => edge.slot), [0, 1]);
  assert.equal(e.inputs[0].source, a.byId.get('a'));
  assert.equal(a.edges.length, a.nodes.reduce((n, node) => n + node.inputs.length, 0));
  assert.deepEqual(a.byId.get('a').inputs, []);
});

test('steps carry their node and edge objects; numbers live on the records', () => {
  const a = resolveAnswer(raw());
  const forward = a.steps.filter((s) => s.phase === 'forward');
  assert.deepEqual(forward.map((s) => s.node.id), a.forward_order);
  const backE = a.steps.find((s) => s.phase === 'backward' && s.node.id === 'e');
  assert.equal(backE.node.grad, -2);
  assert.deepEqual(backE.edges, backE.node.inputs);
  assert.deepEqual(backE.received.map((edge) => [edge.target.id, edge.downstream]), [['L', -2]]);
  assert.deepEqual(backE.edges.map((edge) => [edge.source.id, edge.local, edge.downstream]), [['a', 1, -2], ['d', 1, -2]]);
});

test('fan-out: received lists every edge that delivered, an input used twice twice', () => {
  const a = resolveAnswer(fanout());
  const back = a.steps.find((s) => s.phase === 'backward' && s.node.id === 'a');
  assert.equal(back.received.length, 3);
  assert.equal(back.received.reduce((sum, edge) => sum + edge.downstream, 0), back.node.grad);
});

test('linking twice is a no-op, the raw answer stays plain JSON, another format is refused', () => {
  const plain = raw();
  const a = resolveAnswer(plain);
  assert.ok(isResolved(a) && !isResolved(plain));
  assert.equal(resolveAnswer(a), a);
  assert.equal(rawAnswer(a), plain);
  assert.equal(rawAnswer(plain), plain);
  assert.deepEqual(JSON.parse(JSON.stringify(rawAnswer(a))), raw(), 'the raw answer is not changed by linking');
  assert.throws(() => resolveAnswer({ ...plain, format: undefined }), AnswerFormatError);
  assert.throws(() => resolveAnswer({ ...plain, format: 3 }), /format 3/);
  assert.equal(resolveAnswer(null), null);
});
