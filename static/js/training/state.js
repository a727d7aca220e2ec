// The training view's store as pure functions (as page_state.js is the page's): its initial state from
// a link, its link keys, and its actions. index.js makes the store (store.js) and connects it to the
// one URL writer (urlstate.connect); every view renders from this state. No DOM here: node --test
// covers it (tests/js/test_training_state.mjs).
import { csvForLink, fromURL, toURL } from './config.js';
import { applyPreset, presetById } from './presets.js';

// Speeds the page offers, in epochs per second; null is "as fast as possible" (the API's default).
export const PACES = [1, 3, 10, 30, 100, 300, null];
// The page's default: its default run (300 epochs) lasts about 3 s, long enough to watch the boundary
// move, pause and step, short enough not to bore.
export const DEFAULT_PACE = 100;

const paceFrom = (raw) => (raw === 'max' ? null : PACES.includes(Number(raw)) && raw !== '' && raw !== undefined ? Number(raw) : DEFAULT_PACE);

/** The store's initial state from a link's query; `schema`: config.js trainingSchema's. */
export function trainingFromQuery(query, schema) {
  const { a, b } = fromURL(query, schema);
  const preset = presetById(query.train_preset) ? query.train_preset : null;
  return {
    a, b, csv: query.train_csv ?? '', pace: paceFrom(query.train_pace), preset,
    data: null, // the data set's points (POST /api/v1/train/data)
    status: 'idle', // idle | running | paused | done
    runs: {}, // run name (A, B) → a run (newRun)
    selected: null, // {layer, unit} of the hidden unit whose panel is open
    error: null, // {error, run} shown above the plots
    update: null, // {cursor, response, body}: the update in the table (POST /api/v1/train/step)
    shown: null, // {body, response}: the update the explorer shows
  };
}

/** The view's link keys (null removes a key). The run itself is never in the link: a link reproduces
 *  the settings, and Train reproduces the run bit for bit. */
export function trainingToQuery(s, schema) {
  return {
    ...toURL(s.a, s.b, schema),
    train_csv: csvForLink(s.a.dataset, s.csv).train_csv,
    train_pace: s.pace === DEFAULT_PACE ? null : s.pace === null ? 'max' : String(s.pace),
    train_preset: s.preset,
  };
}

/** A run as the page keeps it: what it was asked, what arrived, and where it can continue from. */
export function newRun(body) {
  return {
    body, epochs: body.epochs, history: [], epoch: 0,
    boundary: null, boundaryEpoch: 0, neurons: null, gradients: null, parameters: null,
    checkpoint: null, result: null, divergence: null, error: null,
  };
}

// Entries for epochs after `from` replace the ones held (a resumed run sends again what came after its
// checkpoint), so every epoch appears once, in order.
function merge(history, entries, upTo) {
  const keep = upTo - entries.length;
  return [...history.filter((e) => e.epoch <= keep), ...entries];
}

const withRun = (s, name, change) => (s.runs[name] ? { runs: { ...s.runs, [name]: { ...s.runs[name], ...change(s.runs[name]) } } } : null);

// The weights from a checkpoint ({"W1": [[…]]}) or a result ({"W1": {"value": [[…]]}}).
const weightsOf = (params) => (params ? Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v?.value ?? v])) : null);

export const trainingActions = {
  configure: (s, { a, b, csv }) => ({ a, b, csv }),
  choosePreset: (s, id) => {
    if (!presetById(id)) return null;
    return { ...applyPreset(id, s.a, s.b), preset: id };
  },
  leavePreset: () => ({ preset: null }),
  setPace: (s, pace) => ({ pace: PACES.includes(pace) ? pace : DEFAULT_PACE }),
  setData: (s, data) => ({ data }),
  showError: (s, error, run = null) => ({ error: error ? { error, run } : null }),

  startRuns: (s, bodies) => ({
    status: 'running', error: null, update: null,
    runs: Object.fromEntries(Object.entries(bodies).map(([name, body]) => [name, newRun(body)])),
  }),
  progress: (s, name, event) => withRun(s, name, (r) => ({
    history: merge(r.history, event.history ?? [], event.epoch),
    epoch: event.epoch,
    boundary: event.boundary ?? r.boundary,
    boundaryEpoch: event.boundary ? event.epoch : r.boundaryEpoch,
    neurons: event.neurons ?? r.neurons,
    gradients: event.gradients ?? r.gradients,
    parameters: weightsOf(event.checkpoint?.parameters) ?? r.parameters,
    checkpoint: event.checkpoint ?? r.checkpoint,
  })),
  result: (s, name, data) => withRun(s, name, (r) => ({
    result: data,
    history: merge(r.history, data.history ?? [], data.epoch),
    epoch: data.epoch,
    boundary: data.decision_boundary,
    boundaryEpoch: data.epoch,
    neurons: data.neurons,
    parameters: weightsOf(data.parameters),
    checkpoint: data.checkpoint,
    divergence: data.divergence ?? null,
  })),
  runFailed: (s, name, error) => withRun(s, name, () => ({ error })),
  // Pause: the streams are closed; each run keeps its last checkpoint (and the boundary of that epoch).
  pause: (s) => (s.status === 'running' ? { status: 'paused' } : null),
  // Resume: each unfinished run continues from its checkpoint; what arrived after it is sent again.
  resume: (s) => (s.status === 'running' || s.status === 'paused' ? {
    status: 'running',
    runs: Object.fromEntries(Object.entries(s.runs).map(([name, r]) => {
      if (r.result) return [name, r];
      const at = r.checkpoint?.epoch ?? 0;
      return [name, { ...r, history: r.history.filter((e) => e.epoch <= at), epoch: at }];
    })),
  } : null),
  finish: (s) => ({ status: Object.values(s.runs).some((r) => r.result) ? 'done' : 'idle' }),
  reset: () => ({ status: 'idle', runs: {}, selected: null, error: null, update: null }),
  selectUnit: (s, unit) => ({ selected: unit }),
  setUpdate: (s, update) => ({ update }),
  setShown: (s, shown) => ({ shown }),
};

/** Which runs a resume (or a change of pace) continues, with the body each is sent with. */
export function resumeBodies(s) {
  return Object.fromEntries(Object.entries(s.runs).filter(([, r]) => !r.result).map(([name, r]) => [name, {
    ...r.body, ...(r.checkpoint ? { resume_from: r.checkpoint } : {}), ...(s.pace === null ? {} : { pace: s.pace }),
  }]));
}
