// The REST API client. Errors carry the API's `detail` so the caller can show line/column/hint.
export class ApiError extends Error {
  constructor(status, detail) {
    super(typeof detail === 'string' ? detail : detail?.message ?? `HTTP ${status}`);
    this.status = status;
    this.detail = detail;
  }
}

export async function postJSON(path, body, { signal } = {}) {
  return answerOf(await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  }));
}

/** GET a JSON answer (e.g. the API's schema, /openapi.json). */
export async function getJSON(path, { signal } = {}) {
  return answerOf(await fetch(path, { signal }));
}

let schema = null;
/** The API's OpenAPI document, fetched once per page (the network and training forms both read their
 *  limits and choices from it, static/js/schema.js); a failed fetch is forgotten, so the next caller
 *  asks again. */
export function apiSchema() {
  schema ??= getJSON('/openapi.json').catch((err) => { schema = null; throw err; });
  return schema;
}

async function answerOf(res) {
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.detail ?? null);
  return data;
}

// Non-finite numbers travel as the strings "NaN", "Infinity", "-Infinity".
export function toNumber(v) {
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return v;
}
