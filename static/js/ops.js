// The engine's op table (GET /api/v1/ops, docs/contract.md §1 "The op table"): the one place the page
// learns an operation's symbol, its node formula and its local derivatives. Loaded once per page (the
// page arrives with it: first_answer.js; else fetched) and shared by every view (explorer arithmetic
// and captions, practice hints, worksheets); nothing in the page keeps a copy of an op's formula.
import { takeOps } from './first_answer.js';

/** GET /api/v1/ops's answer as a Map op name → entry {symbol, kind, arity, latex, derivative, defaults, …}. */
export const opTable = (answer) => new Map((answer?.ops ?? []).map((op) => [op.name, op]));

let promise = null;
let loaded = null;

/** The op table, fetched on the first call and shared afterwards; resolves to null when it cannot be
 *  loaded (the page then shows values without substituted arithmetic and op names for symbols). */
export function loadOps() {
  promise ??= opsAnswer()
    .then((answer) => (loaded = answer ? opTable(answer) : null))
    .catch(() => null);
  return promise;
}

// The table the page arrived with (first_answer.js), else the API's.
const opsAnswer = () => {
  const sent = takeOps();
  return sent ? Promise.resolve(sent) : fetch('/api/v1/ops').then((r) => (r.ok ? r.json() : null));
};

/** The op table if it has arrived, else null: for code that draws synchronously. */
export const loadedOps = () => loaded;

/** An op as the learner wrote it: an op name as given; for an operation node {op, spelling} of an
 *  answer, the alias typed when it has a notation of its own (ln), else the op (log). The engine's
 *  Node.written_op is the same rule. */
export const writtenOp = (op) => (typeof op === 'string' || op == null ? op : op.spelling ?? op.op);

/** The op table's entry for `op`: an op name, or an operation node {op, spelling, case} of an answer,
 *  whose entry is then in the notation the learner typed (ln(x): log's entry with the symbol and
 *  formula of its `notations.ln`; the value and derivatives are log's) and has the derivatives of the
 *  node's case (ce against class indices: `cases.class_indices`). Undefined when the table lacks the op. */
export function opEntry(ops, op) {
  if (typeof op === 'string' || op == null) return ops?.get(op);
  const entry = ops?.get(op.op);
  const notation = entry?.notations?.[writtenOp(op)];
  const derivatives = op.case && entry?.cases?.[op.case];
  return notation || derivatives ? { ...entry, ...notation, ...derivatives } : entry;
}

/** An op's short symbol (×, σ, ReLU, ln) from its entry in the learner's notation (`opEntry`), or the
 *  op as written while the table is not loaded. */
export const opSymbol = (ops, op) => opEntry(ops, op)?.symbol ?? writtenOp(op) ?? '';

/** The placeholders #1, #2, … of a template, filled by `operand(k, start, end)` (k from 0); #0, the
 *  node itself, by `result`. Unknown operands stay as written. */
export function fillTemplate(template, operand, result = '#0') {
  return template.replace(/#(\d+)/g, (m, k, at) => (k === '0' ? result : operand(Number(k) - 1, at, at + m.length) ?? m));
}

/** An op entry's operands completed with its defaults (leaky_relu(z) → [z, 0.01]). */
export function withDefaults(entry, operands) {
  const out = [...operands];
  const defaults = Object.entries(entry?.defaults ?? {}).map(([slot, value]) => [Number(slot.slice(1)) - 1, value]);
  for (const [k, value] of defaults.sort((x, y) => x[0] - y[0])) if (k === out.length) out.push(value);
  return out;
}
