// The store and link pattern every view follows (static/js/store.js, urlstate.js) and the page's own
// store (page_state.js): actions change state, subscribers see each change once, state → link → state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStore, changed } from '../../static/js/store.js';
import { readQuery, mergeQuery } from '../../static/js/urlstate.js';
import { pageFromQuery, pageToQuery, pageActions } from '../../static/js/page_state.js';

const roundTrip = (toQuery, fromQuery, state, ...rest) => {
  const params = mergeQuery(new URLSearchParams(), toQuery(state));
  return fromQuery(readQuery(`?${params}`), ...rest);
};

test('actions change state through named functions; subscribers see each real change once', () => {
  const store = createStore({ step: 0, other: 'x' }, { stepTo: (s, n) => ({ step: Math.max(0, n) }), nothing: () => null });
  const seen = [];
  const stop = store.subscribe((state, previous, action) => seen.push([action, previous.step, state.step]));
  store.actions.stepTo(3);
  store.actions.stepTo(3); // no change, no notification
  store.actions.nothing();
  store.actions.stepTo(-2);
  stop();
  store.actions.stepTo(5);
  assert.deepEqual(seen, [['stepTo', 0, 3], ['stepTo', 3, 0]]);
  assert.equal(store.getState().step, 5);
  assert.equal(store.getState().other, 'x');
  assert.throws(() => { store.getState().step = 1; }, TypeError); // frozen: only actions change it
  assert.ok(changed({ a: 1, b: 2 }, { a: 1, b: 3 }, 'b') && !changed({ a: 1 }, { a: 1 }, 'a'));
});

test('mergeQuery sets strings, removes null and empty, leaves undefined keys alone', () => {
  const params = new URLSearchParams('keep=1&drop=2&set=old');
  mergeQuery(params, { drop: null, set: 'new', keep: undefined, json: { a: 1 }, empty: '' });
  assert.deepEqual(readQuery(`?${params}`), { keep: '1', set: 'new', json: '{"a":1}' });
});

test('page store: state → link → state, defaults left out of the link', () => {
  for (const view of ['explorer', 'training', 'practice']) {
    for (const lang of ['en', 'zh']) {
      for (const presenting of [false, true]) {
        assert.deepEqual(roundTrip(pageToQuery, pageFromQuery, { view, lang, presenting }), { view, lang, presenting });
      }
    }
  }
  assert.deepEqual(pageToQuery({ view: 'explorer', lang: 'en', presenting: false }), { view: null, lang: null, present: null });
  assert.deepEqual(pageFromQuery({ view: 'nope', lang: 'fr', present: 'yes' }, 'zh'), { view: 'explorer', lang: 'zh', presenting: false });
  assert.deepEqual(pageFromQuery({}, undefined), { view: 'explorer', lang: 'en', presenting: false });
  const store = createStore(pageFromQuery({}), pageActions);
  store.actions.showView('training');
  store.actions.chooseLang('zh');
  store.actions.present(true);
  assert.deepEqual(store.getState(), { view: 'training', lang: 'zh', presenting: true });
  store.actions.present(false);
  assert.equal(pageToQuery(store.getState()).present, null);
  store.actions.showView('bogus');
  assert.equal(store.getState().view, 'explorer');
});
