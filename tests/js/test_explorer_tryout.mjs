// Defects a tester found on the explorer (step kept across graphs, old values sent, one formatter):
// the store's rules, without a page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStore } from '../../static/js/store.js';
import { explorerFromQuery, explorerActions, graphRequest, graphShape } from '../../static/js/explorer/state.js';
import { fmtAny, fmt } from '../../static/js/format.js';
import { texOf } from '../../static/js/explorer/arithmetic.js';

// A graph: nodes (id, op) and a step per node forward, then backward.
const graphOf = (nodes, values = {}) => ({
  nodes: nodes.map(([id, op]) => ({ id, op, value: values[id] ?? 1 })),
  steps: [...nodes.map(([id]) => ({ phase: 'forward', node: id })), ...nodes.map(([id]) => ({ phase: 'backward', node: id }))],
});
const LN = graphOf([['x', 'input'], ['L', 'log']]); // 4 steps
const MAX = graphOf([['a', 'input'], ['b', 'input'], ['L', 'max']]); // 6 steps
const PQR = graphOf([['p', 'input'], ['q', 'input'], ['r', 'input'], ['_1', 'mul'], ['_2', 'pow'], ['L', 'add']]);

test('a graph of another source starts at step 0; the same graph recomputed keeps its step', () => {
  const store = createStore(explorerFromQuery({}), explorerActions);
  const { actions } = store;
  actions.drawAnswer(LN);
  actions.stepTo(4); // Show all
  actions.drawAnswer(MAX);
  assert.equal(store.getState().step, 0, 'max(a,b) after ln(x) opens at its first step, not "Step 4 of 6"');
  actions.stepTo(6);
  actions.drawAnswer(PQR);
  assert.equal(store.getState().step, 0, 'p*q + r^2 does not open mid forward pass');
  actions.stepTo(5);
  actions.drawAnswer(graphOf([['p', 'input'], ['q', 'input'], ['r', 'input'], ['_1', 'mul'], ['_2', 'pow'], ['L', 'add']], { p: 7 }));
  assert.equal(store.getState().step, 5, 'new values for the same graph keep the step the student is looking at');
  actions.drawAnswer(MAX, { keepStep: true });
  assert.equal(store.getState().step, 5, 'keepStep forces it (a training update from its link)');
});

test("a link's step opens on the first graph; a network seen another way starts at 0", () => {
  const store = createStore(explorerFromQuery({ source: 'max(a,b)', values: '{"a":1,"b":2}', step: '3' }), explorerActions);
  store.actions.drawAnswer(MAX);
  assert.equal(store.getState().step, 3);
  // Show all on the scalar network, then its layer view (other nodes): back to 0.
  const scalar = graphOf(Array.from({ length: 13 }, (_, i) => [`n${i}`, i < 4 ? 'input' : 'mul']));
  const layer = graphOf([['x', 'input'], ['W1', 'parameter'], ['z1', 'matmul'], ['L', 'bce']]);
  store.actions.drawAnswer(scalar, { keepStep: false });
  store.actions.stepTo(26);
  store.actions.drawAnswer(layer);
  assert.equal(store.getState().step, 0, 'not "Step 26 of 26"');
  assert.notEqual(graphShape(scalar), graphShape(layer));
});

test('only the current source\'s variables are sent; a new source is first sent without values', () => {
  const state = explorerFromQuery({});
  const typed = { source: 'ln(x)', values: { ...state.input.values }, parameters: [] };
  assert.deepEqual(graphRequest(typed, state.variables), { source: 'ln(x)', values: {}, parameters: [] },
    'the default example\'s a, b, c are not sent with ln(x)');
  // The engine's missing_value named x: its field (value 1) is sent, nothing else.
  const store = createStore(state, explorerActions);
  store.actions.learnVariables('ln(x)', ['x']);
  const withX = { source: 'ln(x)', values: { a: 3, b: 1, c: -2, x: 1 }, parameters: ['a'] };
  assert.deepEqual(graphRequest(withX, store.getState().variables), { source: 'ln(x)', values: { x: 1 }, parameters: [] });
  // A link's values are its source's: sent at once (no extra round trip on load).
  const link = explorerFromQuery({ source: 'w*x', values: '{"w":2,"x":3}', params: '["w"]' });
  assert.deepEqual(graphRequest(link.input, link.variables), { source: 'w*x', values: { w: 2, x: 3 }, parameters: ['w'] });
});

test('one number formatter: short vectors and their KaTeX use the 4 significant digits of a scalar', () => {
  assert.equal(fmtAny([-0.10443, 0.20371]), `[${fmt(-0.10443)}, ${fmt(0.20371)}]`);
  assert.equal(fmtAny([-0.10443, 0.20371]), '[−0.1044, 0.2037]');
  assert.match(texOf([-0.10443, 0.20371]), /-0\.1044,\\ 0\.2037/);
});
