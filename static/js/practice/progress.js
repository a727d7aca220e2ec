// Progress kept in the browser's localStorage, one entry per exercise (and seed), so a reload or a
// second visit to a shared link resumes the walk. Storage may be disabled or full: then practice
// still works, it just doesn't remember.
const PREFIX = 'backprop-explorer.practice.v1:';

/** The storage key: "fig6.15", "level2:42", "explorer:<fingerprint>". */
export function progressKey(exercise, seed) {
  return seed === null || seed === undefined ? `${PREFIX}${exercise}` : `${PREFIX}${exercise}:${seed}`;
}

export function loadProgress(key, storage = globalThis.localStorage) {
  try {
    const data = JSON.parse(storage?.getItem(key) ?? 'null');
    return data && typeof data === 'object' && !Array.isArray(data) ? data : null;
  } catch {
    return null;  // unreadable or disabled storage: start afresh
  }
}

export function saveProgress(key, data, storage = globalThis.localStorage) {
  try { storage?.setItem(key, JSON.stringify(data)); } catch { /* quota or privacy mode */ }
}

export function clearProgress(key, storage = globalThis.localStorage) {
  try { storage?.removeItem(key); } catch { /* as above */ }
}
