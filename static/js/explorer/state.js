// The explorer's store, as pure functions (no DOM; tests/js/test_explorer_state.mjs): its state, the
// named actions that change it, and how it reads from and writes to the link.
//
// state = {
//   mode:        'expression' | 'network' | 'training' (a graph opened from the training lab)
//   input:       {source, values, parameters}  what the expression editor holds (mode 'expression')
//   step:        the timeline position, 0 … steps.length
//   speed:       playback speed in steps per second (link key `speed`, left out at the default)
//   trainUpdate: the training update shown (`train_update=e<epoch>b<batch>`), or null
//   origin:      while mode is 'training': {pending: true} | {info} | {error: () => text}
//   answer:      the graph drawn (a resolved answer, static/js/answer.js), or null
//   variables:   {source, names}: the free names the engine gave for that source (its missing_value
//                names or the answer's input and parameter nodes), or null before it said any
//   practice:    {values, grads, edges} while the practice view drives what is revealed, else null
//   net:         the network spec last drawn in network mode (link key `net`, written in that mode
//                only), or the link's, which the network form starts from; null for none
// }
import { presetById } from './presets.js';
import { SPEEDS, DEFAULT_SPEED } from './controls.js';

// Servers refuse request lines above about 64 KB (a reload after pasting 100,000 characters was a
// bare "400 Bad Request" page): an input whose link would be longer stays out of it, and says so.
export const MAX_LINK_INPUT_CHARS = 16000;
export const DEFAULT_INPUT = Object.freeze((({ source, values }) => ({ source, values, parameters: [] }))(presetById('fig615')));

const parseJSON = (text, fallback) => {
  if (text === undefined || text === null || text === '') return fallback;
  try { return JSON.parse(text); } catch { return fallback; }
};

/** Values read from a link, kept only where they are numbers or (nested) lists of numbers: a link is
 *  untrusted input, and anything else would only come back from the API as an error. */
export function sanitizeValues(given) {
  if (!given || typeof given !== 'object' || Array.isArray(given)) return {};
  const numeric = (v) => (typeof v === 'number' && Number.isFinite(v)) || (Array.isArray(v) && v.length > 0 && v.every(numeric));
  return Object.fromEntries(Object.entries(given).filter(([k, v]) => /^[\p{L}][\p{L}\p{N}_]*$/u.test(k) && numeric(v)));
}

const stepFrom = (text) => Math.max(0, Math.trunc(Number(text)) || 0);

/** The store's initial state from a link (every key older links used keeps working). */
export function explorerFromQuery(query) {
  const mode = query.train_update ? 'training' : query.mode === 'network' || query.net ? 'network' : 'expression';
  const input = query.source !== undefined
    ? { source: query.source, values: sanitizeValues(parseJSON(query.values, {})),
      parameters: [].concat(parseJSON(query.params, [])).filter((p) => typeof p === 'string') }
    : { ...DEFAULT_INPUT };
  const speed = Number(query.speed);
  const net = parseJSON(query.net, null);
  return { mode, input, net: net && typeof net === 'object' && !Array.isArray(net) ? net : null, step: stepFrom(query.step), speed: SPEEDS.includes(speed) ? speed : DEFAULT_SPEED,
    trainUpdate: query.train_update ?? null, origin: null, answer: null, practice: null,
    // A link's (or the default example's) values were written by the page for that very source.
    variables: { source: input.source, names: Object.keys(input.values) } };
}

/**
 * The body of POST /api/v1/graph for an input: only the values of the names the engine gave for this
 * very source. A source it has not named yet is sent without values: its missing_value answer then
 * lists every free name in order of first use (learnVariables), and the fields ask again. So values of
 * names the new source no longer uses are never sent (they would come back as "value not used"
 * warnings for numbers the student never gave for it); the editor remembers them should a name return.
 */
export function graphRequest(input, variables) {
  const names = variables?.source === input.source ? variables.names : [];
  const values = Object.fromEntries(names.filter((n) => n in input.values).map((n) => [n, input.values[n]]));
  return { source: input.source, values, parameters: input.parameters.filter((p) => p in values) };
}

/** What identifies a graph apart from its numbers: its nodes (id, op) and the order of its steps. */
export function graphShape(answer) {
  if (!answer) return null;
  const id = (node) => (node && typeof node === 'object' ? node.id : node);
  return JSON.stringify([(answer.nodes ?? []).map((n) => [n.id, n.op]), answer.steps.map((s) => [s.phase, id(s.node)])]);
}

const sameValues = (a, b) => Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
const isDefaultInput = ({ source, values, parameters }) => source === DEFAULT_INPUT.source && !parameters.length
  && sameValues(values, DEFAULT_INPUT.values);

/** The input's link keys: none for the default example (the plain address opens it), null for all
 *  three when the link would grow too long (see above). */
export function inputQuery({ source, values, parameters }) {
  if (isDefaultInput({ source, values, parameters })) return { source: null, values: null, params: null };
  const keys = { source, values: JSON.stringify(values), params: parameters.length ? JSON.stringify(parameters) : null };
  return inputLinkLength(keys) <= MAX_LINK_INPUT_CHARS ? keys : { source: null, values: null, params: null };
}

/** URL-encoded characters the input would add to the link. */
export function inputLinkLength(input) {
  const keys = input.values !== undefined && typeof input.values !== 'string'
    ? { source: input.source, values: JSON.stringify(input.values), params: input.parameters?.length ? JSON.stringify(input.parameters) : null }
    : input;
  return Object.values(keys).reduce((sum, v) => sum + (v ? encodeURIComponent(v).length : 0), 0);
}

/** The store's link keys (null removes a key). */
export function explorerToQuery(state) {
  const none = { source: null, values: null, params: null };
  const byMode = {
    expression: { ...inputQuery(state.input), mode: null, net: null, train_update: null },
    network: { ...none, mode: 'network', net: state.net ? JSON.stringify(state.net) : null, train_update: null },
    training: { ...none, mode: null, net: null, train_update: state.trainUpdate },
  }[state.mode];
  return { ...byMode, step: state.step ? String(state.step) : null, speed: state.speed === DEFAULT_SPEED ? null : String(state.speed) };
}

/** The last step of an answer (0 while there is none). */
const lastStep = (answer) => answer?.steps.length ?? 0;

/**
 * The step of `to` at the same point of the passes as step `step` of `from` (two drawings of one
 * computation with different step counts): the start and the end map to themselves; in between, the
 * same phase (forward, backward) with the same share of its steps done. Pure.
 */
export function samePointStep(from, step, to) {
  if (step <= 0) return 0;
  if (step >= lastStep(from)) return lastStep(to);
  const phase = from.steps[step - 1].phase;
  const count = (steps) => steps.filter((s) => s.phase === phase).length;
  const share = count(from.steps.slice(0, step)) / count(from.steps);
  const first = to.steps.findIndex((s) => s.phase === phase);
  if (first < 0) return Math.min(step, lastStep(to));
  return first + Math.round(share * count(to.steps));
}

export const explorerActions = {
  /** The expression editor changed (source, values or parameters). */
  edit: (state, input) => ({ mode: 'expression', origin: null, trainUpdate: null, input: { source: input.source, values: { ...input.values }, parameters: [...input.parameters] } }),
  chooseMode: (state, mode) => ({ mode, origin: null, trainUpdate: null }),
  /** The network form's spec was computed (its answer is drawn next). */
  submitNetwork: (state, spec) => ({ net: spec }),
  /** The engine named the free variables of `source` (see graphRequest). */
  learnVariables: (state, source, names) => ({ variables: { source, names: [...names] } }),
  /**
   * A graph to draw. By default (keepStep undefined) the step stays where a student expects it to:
   * - the first graph keeps the step its link asked for (clamped);
   * - the same graph recomputed with other values (a slider moved, the same network rebuilt) keeps
   *   the step, so the student sees what the change does at the point they were looking at;
   * - a graph of another source or network starts at step 0: "step 6 of 14" of a new expression,
   *   mid forward pass, is a position the student never chose.
   * keepStep true / false forces either (a training update reopened from its link keeps its step).
   * samePoint: the same computation drawn another way (a network's layer ↔ scalar view) opens at the
   * same point of the passes (samePointStep), not at step 0: the student switched views to see there
   * what they were looking at, e.g. the entry they selected, printed once its value is.
   */
  drawAnswer: (state, answer, { keepStep, samePoint } = {}) => {
    if (samePoint && state.answer) return { answer, practice: null, step: samePointStep(state.answer, state.step, answer) };
    const keep = keepStep ?? (state.answer === null || graphShape(state.answer) === graphShape(answer));
    return { answer, practice: null, step: Math.min(keep ? state.step : 0, lastStep(answer)) };
  },
  stepTo: (state, step) => ({ step: Math.max(0, Math.min(Math.trunc(step) || 0, lastStep(state.answer))) }),
  setSpeed: (state, speed) => (SPEEDS.includes(speed) ? { speed } : null),
  /** A training update is shown (origin: what the input panel says about it; link: its train_update
   *  value, or null when the link cannot reopen it). */
  showTraining: (state, origin, link) => ({ mode: 'training', origin, trainUpdate: link ?? null }),
  trainingError: (state, error) => (state.mode === 'training' ? { origin: { error } } : null),
  /** The training settings changed (or changed back) since the update shown was opened. */
  trainingLink: (state, link, reason) => (state.mode === 'training' && state.origin?.info
    ? { origin: { info: { ...state.origin.info, link, reason } }, trainUpdate: link } : null),
  /** Practice reveals values only, and gradients one by one. */
  practise: (state, answer, reveal) => ({ answer, practice: reveal, step: 0 }),
  revealGrad: (state, nodeId, edges = []) => (state.practice ? { practice: {
    ...state.practice, grads: new Set([...state.practice.grads, nodeId]), edges: new Set([...state.practice.edges, ...edges]) } } : null),
  hideAllGrads: (state) => (state.practice ? { practice: { ...state.practice, grads: new Set(), edges: new Set() } } : null),
  stopPractice: (state) => (state.practice ? { practice: null } : null),
};
