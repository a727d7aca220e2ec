// The link: read once at start, written in one place. A view's store is connected with a pure
// `toQuery(state)` → {key: string | null | undefined} (null removes the key, undefined leaves it to
// someone else); every change of any connected store rewrites the query from all of them. Keys no
// connected store claims (those of a view not opened yet) are kept as the link had them, so a link
// reproduces the page exactly. Pure helpers (readQuery, mergeQuery) are unit-tested in node.

export const LAZY_WRITE_MS = 400; // browsers throttle history updates: playback writes `step` lazily

/** The query as an object of strings. */
export function readQuery(search) {
  return Object.fromEntries(new URLSearchParams(search));
}

/** `params` (URLSearchParams) with `query` applied: strings set, null/'' removed, undefined left alone. */
export function mergeQuery(params, query) {
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (value === null || value === '') params.delete(key);
    else params.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return params;
}

const hasPage = typeof location !== 'undefined';
const startQuery = Object.freeze(hasPage ? readQuery(location.search) : {});

/** The link the page was opened with (read once: stores take their initial state from it). */
export const initial = () => startQuery;

/** The query as it is now. */
export const get = () => (hasPage ? readQuery(location.search) : {});

const connections = new Set();
let lazyTimer = null;

function write() {
  clearTimeout(lazyTimer);
  lazyTimer = null;
  const params = new URLSearchParams(location.search);
  for (const c of connections) mergeQuery(params, c.toQuery(c.store.getState()));
  const query = params.toString();
  if (query !== location.search.replace(/^\?/, '')) history.replaceState(history.state, '', query ? `?${query}` : location.pathname);
}

/** Writes `store`'s keys now and after each of its changes; a change of `lazy` keys only (e.g. the
 *  step during playback) is written LAZY_WRITE_MS later, together with whatever changed meanwhile. */
export function connect(store, toQuery, { lazy = [] } = {}) {
  const connection = { store, toQuery, last: toQuery(store.getState()) };
  connections.add(connection);
  write();
  const unsubscribe = store.subscribe((state) => {
    const next = toQuery(state);
    const keys = Object.keys({ ...next, ...connection.last }).filter((k) => next[k] !== connection.last[k]);
    connection.last = next;
    if (!keys.length) return;
    if (keys.every((k) => lazy.includes(k))) lazyTimer ??= setTimeout(write, LAZY_WRITE_MS);
    else write();
  });
  return () => { unsubscribe(); connections.delete(connection); };
}
