// Which graphs a worksheet link asks for. Pure (no DOM), unit-tested with node --test.
//
//   ?worksheet=1&source=…&values=…[&params=…]      an expression or program (the explorer's keys)
//   ?worksheet=1&mode=network&net=<spec JSON>        a network (the explorer's network keys)
//   ?worksheet=1&exercise=level2&seed=7&count=5      Practice's exercise set: seeds 7, 8, …, 11
//   ?worksheet=1&exercise=fig6.15                    one of the textbook's figures
//   ?worksheet=1                                     the explorer's default (figure 6.15), as the
//                                                    explorer reads a link without `source`
import { sanitizeValues, DEFAULT_INPUT } from '../explorer/state.js';

export const FIGURES = ['fig6.15', 'fig6.18'];
export const MAX_SEED = 4294967295; // the API's range (engine/exercises.py MAX_SEED)
// A class set: enough for a lesson's sheet; each exercise is one page plus its key.
export const MAX_COUNT = 20;

const parseJSON = (text) => { try { return JSON.parse(text); } catch { return undefined; } };
const isLevel = (name) => /^level[123]$/.test(name ?? '');

/** A whole number in [lo, hi] read from the link, else `fallback`. */
export function wholeNumber(text, lo, hi, fallback) {
  const n = Number(text);
  return text !== undefined && text !== '' && Number.isInteger(n) && n >= lo && n <= hi ? n : fallback;
}

/** {requests: [{path, body, exercise?, seed?}], error?: 'nothing' | 'net'} for the link's query. */
export function worksheetRequests(query) {
  if (isLevel(query.exercise)) {
    const seed = wholeNumber(query.seed, 0, MAX_SEED, 1);
    // More than a class set is cut to MAX_COUNT (a link typed with count=100 still gives a worksheet).
    const count = Math.min(wholeNumber(query.count, 1, Infinity, 1), MAX_COUNT, MAX_SEED - seed + 1);
    const level = Number(query.exercise.slice(5));
    return { requests: Array.from({ length: count }, (_, i) => ({
      path: '/api/v1/exercise', body: { level, seed: seed + i }, exercise: query.exercise, seed: seed + i })) };
  }
  if (FIGURES.includes(query.exercise)) {
    return { requests: [{ path: '/api/v1/exercise', body: { exercise: query.exercise }, exercise: query.exercise }] };
  }
  if (query.mode === 'network' || query.net !== undefined) {
    const spec = parseJSON(query.net);
    if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return { requests: [], error: 'net' };
    return { requests: [{ path: '/api/v1/network', body: spec, title: null }] };
  }
  if (query.train_update !== undefined) return { requests: [], error: 'nothing' }; // a training update is no graph to fill in
  // The explorer's links leave its default example out (state.js inputQuery): no `source` is that example.
  const body = query.source === undefined ? { ...DEFAULT_INPUT } : {
    source: String(query.source), values: sanitizeValues(parseJSON(query.values)),
    parameters: [].concat(parseJSON(query.params) ?? []).filter((p) => typeof p === 'string') };
  if (body.source.trim() === '') return { requests: [], error: 'nothing' };
  return { requests: [{ path: '/api/v1/graph', body, title: body.source.split(/[;\n]/).map((s) => s.trim()).filter(Boolean).join('; ') }] };
}

/** The TikZ export of the graph a link shows (POST /api/v1/export/tikz with the /graph body, or
 *  …/tikz/network with the /network body; `show`: values | gradients | blanks), or null when the link
 *  holds no expression or network (a training update, an exercise). */
export function tikzRequest(query, show = 'gradients') {
  if (query.exercise !== undefined && !query.source && !query.net) return null;
  const [request] = worksheetRequests(query).requests;
  if (!request || request.path === '/api/v1/exercise') return null;
  const path = request.path === '/api/v1/network' ? '/api/v1/export/tikz/network' : '/api/v1/export/tikz';
  return { path: `${path}?show=${encodeURIComponent(show)}`, body: request.body };
}
