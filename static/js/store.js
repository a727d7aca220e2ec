// One store per view: a single state object, changed only through named actions; views subscribe and
// render from it. An action is a pure function (state, ...args) → the fields that change (or null for
// none), so actions are unit-tested without a page (tests/js/test_store.mjs).
//
//   const store = createStore({ step: 0 }, { stepTo: (s, n) => ({ step: Math.max(0, n) }) });
//   store.subscribe((state, previous, action) => render(state));
//   store.actions.stepTo(3);

export function createStore(initial, actions) {
  let state = Object.freeze({ ...initial });
  const listeners = new Set();
  const named = {};
  for (const [name, reduce] of Object.entries(actions)) {
    named[name] = (...args) => {
      const change = reduce(state, ...args);
      if (!change || Object.keys(change).every((key) => Object.is(change[key], state[key]))) return state;
      const previous = state;
      state = Object.freeze({ ...state, ...change });
      for (const listener of [...listeners]) listener(state, previous, name);
      return state;
    };
  }
  return {
    getState: () => state,
    /** fn(state, previous, actionName) after every change; returns the unsubscribe function. */
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    actions: Object.freeze(named),
  };
}

/** Whether any of `keys` differs between two states (what a view checks before re-rendering a part). */
export const changed = (state, previous, ...keys) => keys.some((key) => !Object.is(state[key], previous?.[key]));
