// The layer ↔ scalar link (issue 12 item 3): one selected parameter entry, w^[i]_{jk} or b^[i]_j, shared
// by both views. The layer view selects it in W^[i]'s printed matrix (tensors/matrix_content.js), the
// scalar view by its node w{i}_{jk}; whichever view is drawn next marks the same entry.
// An entry is {letter: 'w' | 'b', layer, j, k} (1-based, k null for a bias), as the textbook indexes
// w^[i]_{jk}: the weight from input k into unit j, W^[i][j−1][k−1] (contract §2).

/** The scalar view's node id of an entry: w1_12, b2_1. Pure. */
export function scalarIdOf(entry) {
  return entry.letter === 'b' ? `b${entry.layer}_${entry.j}` : `w${entry.layer}_${entry.j}${entry.k}`;
}

/** The entry a scalar-view parameter id names, or null (units are one digit there: w1_12). Pure. */
export function entryOfScalarId(id) {
  const m = /^([wb])(\d+)_(\d)(\d)?$/.exec(id ?? '');
  if (!m || (m[1] === 'w') !== (m[4] !== undefined)) return null;
  return { letter: m[1], layer: Number(m[2]), j: Number(m[3]), k: m[4] === undefined ? null : Number(m[4]) };
}

/** True when scalar node `id` is the entry. Pure. */
export const sameEntry = (entry, id) => Boolean(entry) && scalarIdOf(entry) === id;

/** The value and gradient of an entry in a network answer's `parameters` (matrix form, both views). */
export function entryNumbers(parameters, entry) {
  const p = parameters?.[`${entry.letter === 'w' ? 'W' : 'b'}${entry.layer}`];
  if (!p) return null;
  const at = (v) => (entry.letter === 'w' ? v?.[entry.j - 1]?.[entry.k - 1] : v?.[entry.j - 1]);
  const value = at(p.value);
  return value === undefined ? null : { value, grad: at(p.grad) };
}

let chosen = null;
const listeners = new Set();

export const selection = {
  get: () => chosen,
  set(entry) {
    chosen = entry;
    for (const fn of listeners) fn(entry);
  },
  subscribe(fn) { listeners.add(fn); return () => listeners.delete(fn); },
};
