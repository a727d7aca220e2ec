// first_answer.js: the page's first graph request is answered from the page only when it is the very
// request the server answered (app/routers/page.py first_answers).
import test from 'node:test';
import assert from 'node:assert/strict';
import { sameJSON, takeGraphAnswer, takeOps } from '../../static/js/first_answer.js';

test('sameJSON compares JSON values, object keys in any order', () => {
  const request = { source: 'd = 2*b', values: { a: 3, b: 1 }, parameters: [] };
  assert.ok(sameJSON(request, { parameters: [], values: { b: 1, a: 3 }, source: 'd = 2*b' }));
  assert.ok(!sameJSON(request, { ...request, values: { a: 3, b: 2 } }));
  assert.ok(!sameJSON(request, { ...request, values: { a: 3 } }));
  assert.ok(!sameJSON(request, { ...request, parameters: ['a'] }));
  assert.ok(!sameJSON({ values: {} }, { values: [] }));
  assert.ok(!sameJSON({ a: null }, { a: {} }) && !sameJSON({ a: undefined }, { b: undefined }));
});

test('without a page (node) nothing was sent: the views ask the API', () => {
  assert.equal(takeOps(), null);
  assert.equal(takeGraphAnswer({ source: 'x', values: {}, parameters: [] }), null);
});

test('a page that arrived with answers hands each out once, the graph answer only for its own request', async () => {
  const request = { source: 'd = 2*b', values: { b: 1 }, parameters: [] };
  const sent = { graph: { request, answer: { format: 2, nodes: [] } }, ops: { ops: [{ name: 'add' }] } };
  globalThis.document = { getElementById: (id) => (id === 'first-answer' ? { textContent: JSON.stringify(sent) } : null) };
  try {
    // A module instance of its own, which reads the stub document as it loads.
    const page = await import('../../static/js/first_answer.js?with-answers');
    assert.equal(page.takeGraphAnswer({ ...request, values: { b: 2 } }), null);  // not the request answered
    assert.deepEqual(page.takeGraphAnswer({ parameters: [], values: { b: 1 }, source: 'd = 2*b' }), sent.graph.answer);
    assert.equal(page.takeGraphAnswer(request), null);  // once: the learner asking again asks the API
    assert.deepEqual(page.takeOps(), sent.ops);
    assert.equal(page.takeOps(), null);
  } finally {
    delete globalThis.document;
  }
});
