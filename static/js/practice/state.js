// The practice view's store as pure functions: its state from a link, its link keys and its actions
// (static/js/store.js runs them). Unit-tested with node --test (tests/js/test_practice_state.mjs).
//
// State: {exercise, seed, count, item} — the exercise set (a textbook figure, a generated level, or
// "explorer": the explorer's graph), for levels the first seed and how many exercises the set has
// (seeds seed … seed + count − 1), and which of them is open (0-based). Link keys: `exercise`, and for
// levels `seed`, `count` (left out when 1) and `item` (1-based, left out for the first). The class link
// is the same without `item`: every student opens the set at its first exercise, and each device keeps
// its own progress (progress.js).

export const SETS = ['fig6.15', 'fig6.18', 'level1', 'level2', 'level3'];
export const EXPLORER = 'explorer';
export const MAX_SEED = 4294967295; // the API's range (engine/exercises.py MAX_SEED)
export const MAX_COUNT = 20; // a lesson's worth; the worksheet prints the same set (worksheet/sources.js)

export const isLevel = (name) => /^level[123]$/.test(name ?? '');

function whole(text, lo, hi) {
  const n = typeof text === 'number' ? text : Number(text);
  return text !== undefined && text !== null && text !== '' && Number.isInteger(n) && n >= lo && n <= hi ? n : null;
}

/** A valid state from any input (a link's strings or an action's numbers). */
export function normalize({ exercise, seed, count, item } = {}) {
  const name = SETS.includes(exercise) || exercise === EXPLORER ? exercise : 'fig6.15';
  if (!isLevel(name)) return { exercise: name, seed: null, count: 1, item: 0 };
  const first = whole(seed, 0, MAX_SEED) ?? 1;
  const n = Math.min(whole(count, 1, Infinity) ?? 1, MAX_COUNT, MAX_SEED - first + 1);
  return { exercise: name, seed: first, count: n, item: Math.min(whole(item, 0, Infinity) ?? 0, n - 1) };
}

/** The state a link opens (`item` is 1-based in the link). */
export function practiceFromQuery(query) {
  const item = whole(query.item, 1, MAX_COUNT);
  return normalize({ exercise: query.exercise, seed: query.seed, count: query.count, item: item === null ? 0 : item - 1 });
}

/** The link keys of a state. */
export function practiceToQuery(state) {
  const level = isLevel(state.exercise);
  return {
    exercise: state.exercise,
    seed: level ? String(state.seed) : null,
    count: level && state.count > 1 ? String(state.count) : null,
    item: level && state.item > 0 ? String(state.item + 1) : null,
  };
}

/** The seed of the exercise open now (null for the figures and the explorer's graph). */
export const currentSeed = (state) => (isLevel(state.exercise) ? state.seed + state.item : null);

/** The query of the link every student of a class opens: the set from its first exercise. */
export function classQuery(state, lang = 'en') {
  const query = { view: 'practice', ...practiceToQuery({ ...state, item: 0 }), lang: lang === 'en' ? null : lang };
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== null));
}

/** The query of the printable worksheet of the same set (static/js/worksheet). */
export function worksheetQuery(state, lang = 'en') {
  const { view, ...rest } = classQuery(state, lang);
  return { worksheet: '1', ...rest };
}

export const practiceActions = {
  /** A set chosen in the picker (or a link): opens its first exercise. */
  choose: (state, choice) => normalize({ ...choice, item: 0 }),
  /** The next exercise of the set; after its last one, the set that follows it (the next seeds). */
  next(state) {
    if (!isLevel(state.exercise)) {
      const i = SETS.indexOf(state.exercise);
      return normalize({ exercise: SETS[(i + 1) % SETS.length] });
    }
    if (state.item + 1 < state.count) return { item: state.item + 1 };
    const seed = state.seed + state.count;
    return normalize({ ...state, seed: seed > MAX_SEED ? 0 : seed, item: 0 });
  },
  openItem: (state, item) => normalize({ ...state, item }),
  fromExplorer: () => normalize({ exercise: EXPLORER }),
};
