// The explorer's store (static/js/explorer/state.js): every link key older links used still opens the
// same state, state → link → state is the identity on what the link holds, and the actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStore } from '../../static/js/store.js';
import { readQuery, mergeQuery } from '../../static/js/urlstate.js';
import { explorerFromQuery, explorerToQuery, explorerActions, samePointStep, DEFAULT_INPUT, MAX_LINK_INPUT_CHARS } from '../../static/js/explorer/state.js';

const linkOf = (state, before = '') => `?${mergeQuery(new URLSearchParams(before), explorerToQuery(state))}`;
const LINKED = ['mode', 'input', 'step', 'speed', 'trainUpdate', 'net'];
const linked = (state) => Object.fromEntries(LINKED.map((k) => [k, state[k]]));
const answerWith = (steps) => ({ steps: Array.from({ length: steps }, () => ({})) });

test('old links open the state they always did', () => {
  const expr = explorerFromQuery(readQuery('?source=c(a%2B2b)&values=%7B%22a%22%3A3%2C%22b%22%3A1%2C%22c%22%3A-2%7D&step=5&speed=4'));
  assert.deepEqual(linked(expr), { mode: 'expression', input: { source: 'c(a+2b)', values: { a: 3, b: 1, c: -2 }, parameters: [] },
    step: 5, speed: 4, trainUpdate: null, net: null });
  assert.equal(explorerFromQuery(readQuery('?mode=network&net=%7B%7D')).mode, 'network');
  assert.deepEqual(explorerFromQuery(readQuery('?mode=network&net=%7B%22input_size%22%3A2%7D')).net, { input_size: 2 });
  assert.equal(explorerFromQuery(readQuery('?net=%7B%7D')).mode, 'network');
  const training = explorerFromQuery(readQuery('?train_update=e2b3&train_data=moons&step=4'));
  assert.deepEqual([training.mode, training.trainUpdate, training.step], ['training', 'e2b3', 4]);
  assert.deepEqual(explorerFromQuery({}).input, { ...DEFAULT_INPUT });
  const params = explorerFromQuery(readQuery('?source=w*x&values=%7B%22w%22%3A1%2C%22x%22%3A2%7D&params=%5B%22w%22%5D'));
  assert.deepEqual(params.input.parameters, ['w']);
});

test('a link is untrusted: bad numbers, steps and speeds fall back', () => {
  const s = explorerFromQuery({ source: 'x', values: '{"x":"1; alert(1)","<y>":2,"z":[1,2]}', step: '-3', speed: '1000', params: '{"no":1}' });
  assert.deepEqual(s.input.values, { z: [1, 2] });
  assert.deepEqual([s.step, s.speed, s.input.parameters], [0, 2, []]);
  assert.equal(explorerFromQuery({ step: 'abc', values: '{' }).step, 0);
});

test('state → link → state keeps everything the link holds, in every mode', () => {
  const states = [
    { mode: 'expression', input: { source: 'x*x + 3*x', values: { x: 2 }, parameters: [] }, step: 3, speed: 8, trainUpdate: null, net: null },
    { mode: 'expression', input: { source: 'z = w1*x1 + b\na = tanh(z)', values: { w1: 0.5, x1: [1, 2], b: 0.1 }, parameters: ['w1', 'b'] }, step: 0, speed: 2, trainUpdate: null, net: null },
    { mode: 'expression', input: { ...DEFAULT_INPUT }, step: 14, speed: 0.5, trainUpdate: null, net: null },
    { mode: 'training', input: { ...DEFAULT_INPUT }, step: 2, speed: 2, trainUpdate: 'e1b1', net: null },
    // Network mode: the spec the form computed is the store's, written as `net`.
    { mode: 'network', input: { ...DEFAULT_INPUT }, step: 1, speed: 2, trainUpdate: null,
      net: { input_size: 2, layers: [{ units: 2, activation: 'relu' }, { units: 1, activation: 'sigmoid' }], loss: 'bce', x: [1, 2], y: 1, view: 'layer' } },
  ];
  for (const state of states) assert.deepEqual(linked(explorerFromQuery(readQuery(linkOf(state)))), state);
  assert.equal(readQuery(linkOf(states.at(-1))).net, JSON.stringify(states.at(-1).net));
  // A link's net that is not a JSON object opens network mode with no spec (the form starts on figure 6.18).
  for (const bad of ['x', '[1]', '3', '{']) assert.deepEqual([explorerFromQuery({ net: bad }).mode, explorerFromQuery({ net: bad }).net], ['network', null]);
});

test('defaults stay out of the link; keys of another mode are removed', () => {
  const plain = { mode: 'expression', input: { source: DEFAULT_INPUT.source, values: { c: -2, b: 1, a: 3 }, parameters: [] }, step: 0, speed: 2 };
  assert.equal(linkOf(plain), '?');
  assert.equal(linkOf(plain, 'mode=network&net=x&train_update=e1b1&view=training'), '?view=training');
  const tooLong = { ...plain, input: { source: 'x+'.repeat(MAX_LINK_INPUT_CHARS), values: { x: 1 }, parameters: [] } };
  assert.equal(readQuery(linkOf(tooLong, 'source=old')).source, undefined, 'an input too long for a link is left out');
});

test('actions: stepping is clamped to the answer, a new answer keeps or resets the step, practice', () => {
  const store = createStore(explorerFromQuery({ step: '9' }), explorerActions);
  const { actions } = store;
  actions.drawAnswer(answerWith(6));
  assert.equal(store.getState().step, 6, "a link's step past the end is clamped");
  actions.stepTo(3);
  actions.drawAnswer(answerWith(6));
  assert.equal(store.getState().step, 3, 'a recompute of the same graph keeps the step');
  actions.drawAnswer(answerWith(6), { keepStep: false });
  assert.equal(store.getState().step, 0);
  actions.stepTo(-4);
  assert.equal(store.getState().step, 0);
  actions.practise(answerWith(4), { values: new Set(['a']), grads: new Set(), edges: new Set() });
  actions.revealGrad('a', ['e:0']);
  assert.deepEqual([...store.getState().practice.grads], ['a']);
  actions.hideAllGrads();
  assert.equal(store.getState().practice.grads.size, 0);
  actions.stopPractice();
  assert.equal(store.getState().practice, null);
  actions.showTraining({ pending: true }, 'e1b2');
  assert.deepEqual([store.getState().mode, store.getState().trainUpdate], ['training', 'e1b2']);
  actions.trainingLink(null, 'csv'); // only an update with info can change its link
  assert.equal(store.getState().trainUpdate, 'e1b2');
  actions.showTraining({ info: { run: 'A' } }, 'e1b2');
  actions.trainingLink(null, 'changed');
  assert.deepEqual([store.getState().trainUpdate, store.getState().origin.info.reason], [null, 'changed']);
  actions.chooseMode('network');
  assert.deepEqual([store.getState().mode, store.getState().origin, store.getState().trainUpdate], ['network', null, null]);
  actions.setSpeed(7);
  assert.equal(store.getState().speed, 2, 'only the offered speeds');
});

test('a view switch of one network opens the other view at the same point of the passes', () => {
  const passes = (forward, backward) => ({ steps: [
    ...Array.from({ length: forward }, (_, i) => ({ phase: 'forward', node: `f${i}` })),
    ...Array.from({ length: backward }, (_, i) => ({ phase: 'backward', node: `b${i}` })),
  ] });
  const layer = passes(4, 4);
  const scalar = passes(10, 20);
  assert.equal(samePointStep(scalar, 30, layer), 8, 'the end stays the end');
  assert.equal(samePointStep(layer, 0, scalar), 0, 'the start stays the start');
  assert.equal(samePointStep(layer, 2, scalar), 5, 'half of the forward pass');
  assert.equal(samePointStep(layer, 6, scalar), 20, 'half of the backward pass');
  const store = createStore(explorerFromQuery({}), explorerActions);
  store.actions.drawAnswer(scalar);
  store.actions.stepTo(30);
  store.actions.drawAnswer(layer, { samePoint: true });
  assert.equal(store.getState().step, 8);
  store.actions.drawAnswer(scalar);
  assert.equal(store.getState().step, 0, 'another graph without samePoint still starts at step 0');
});
