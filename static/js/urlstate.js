// The whole page state lives in the URL query, so a link reproduces the page exactly.
export function get() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

// Merge `partial` into the query (null/undefined removes a key) without adding history entries.
export function update(partial) {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(partial)) {
    if (v === null || v === undefined || v === '') params.delete(k);
    else params.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  }
  const query = params.toString();
  history.replaceState(null, '', query ? `?${query}` : location.pathname);
}
