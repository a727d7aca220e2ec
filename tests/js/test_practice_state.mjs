// The practice store (static/js/practice/state.js): state → link → state, the class link and the actions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readQuery, mergeQuery } from '../../static/js/urlstate.js';
import { createStore } from '../../static/js/store.js';
import { practiceFromQuery, practiceToQuery, practiceActions, classQuery, worksheetQuery, currentSeed, MAX_COUNT } from '../../static/js/practice/state.js';

/** The state written into a link (as urlstate.js writes it) and read back as a page load would. */
const roundTrip = (state) => practiceFromQuery(readQuery(`?${mergeQuery(new URLSearchParams('view=practice'), practiceToQuery(state))}`));

test('state → URL → state: figures, the explorer\'s graph, a level, a set at its third exercise', () => {
  for (const state of [
    { exercise: 'fig6.15', seed: null, count: 1, item: 0 },
    { exercise: 'fig6.18', seed: null, count: 1, item: 0 },
    { exercise: 'explorer', seed: null, count: 1, item: 0 },
    { exercise: 'level2', seed: 42, count: 1, item: 0 },
    { exercise: 'level3', seed: 4294967290, count: 5, item: 2 },
  ]) assert.deepEqual(roundTrip(state), state);
});

test('a link with junk opens something valid', () => {
  assert.deepEqual(practiceFromQuery({}), { exercise: 'fig6.15', seed: null, count: 1, item: 0 });
  assert.deepEqual(practiceFromQuery({ exercise: 'level1', seed: '-1', count: '999', item: '77' }),
    { exercise: 'level1', seed: 1, count: MAX_COUNT, item: 0 });
  assert.deepEqual(practiceFromQuery({ exercise: 'level1', seed: '4294967295', count: '5' }).count, 1, 'no seed past the API\'s range');
  assert.deepEqual(practiceFromQuery({ exercise: 'fig6.15', seed: '3', count: '4' }), { exercise: 'fig6.15', seed: null, count: 1, item: 0 });
});

test('the class link: the set from its first exercise, the language kept; the worksheet prints the same set', () => {
  const state = { exercise: 'level2', seed: 7, count: 5, item: 3 };
  assert.deepEqual(classQuery(state, 'zh'), { view: 'practice', exercise: 'level2', seed: '7', count: '5', lang: 'zh' });
  assert.deepEqual(worksheetQuery(state), { worksheet: '1', exercise: 'level2', seed: '7', count: '5' });
  assert.deepEqual(practiceFromQuery(classQuery(state)), { ...state, item: 0 }, 'every student opens the same first exercise');
  assert.equal(currentSeed(state), 10);
});

test('actions: next walks the set, then the set after it; choosing opens a set at its start', () => {
  const store = createStore(practiceFromQuery({ exercise: 'level1', seed: '5', count: '2' }), practiceActions);
  store.actions.next();
  assert.equal(currentSeed(store.getState()), 6);
  store.actions.next();
  assert.deepEqual(store.getState(), { exercise: 'level1', seed: 7, count: 2, item: 0 });
  store.actions.choose({ exercise: 'fig6.18', seed: 3 });
  assert.deepEqual(store.getState(), { exercise: 'fig6.18', seed: null, count: 1, item: 0 });
  store.actions.next();
  assert.equal(store.getState().exercise, 'level1');
});
