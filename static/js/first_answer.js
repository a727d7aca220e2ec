// What the page arrives with besides its markup (templates/index.html, app/routers/page.py): the
// engine's op table (GET /api/v1/ops) and its answer to the default example's graph request
// (POST /api/v1/graph), so that a first visit draws its first graph without waiting for two requests
// after the scripts have run. Each is handed out once; after that the views ask the API as usual.
const sent = (() => {
  const text = globalThis.document?.getElementById('first-answer')?.textContent;
  try { return text ? JSON.parse(text) : null; } catch { return null; }
})();

/** GET /api/v1/ops's answer as the page arrived with it, once; null afterwards or without one. */
export function takeOps() {
  const ops = sent?.ops ?? null;
  if (sent) sent.ops = null;
  return ops;
}

/** POST /api/v1/graph's answer to `body` when the page arrived with the answer to that very request
 *  (once), else null: then the caller asks the API. */
export function takeGraphAnswer(body) {
  if (!sent?.graph || !sameJSON(sent.graph.request, body)) return null;
  const { answer } = sent.graph;
  sent.graph = null;
  return answer;
}

/** Whether two JSON values are equal (object keys in any order). */
export function sameJSON(a, b) {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJSON(a[k], b[k]));
}
