// What a worksheet asks and what its answer key says. Pure (no DOM), unit-tested with node --test.
//
// Every number of a graph except the inputs' and constants' values is a numbered box, 1, 2, …: first
// every computed value in forward order, then in backward order each node's upstream gradient followed
// by its input edges' local and downstream gradients. A constant's gradient and the edges into a
// constant are not asked (a constant never changes; practice skips them too), nor a network's data's
// (x, y: the nodes the engine marks `role` "data", answer.js isDataInput), which the textbook never
// backpropagates into. The TikZ export numbers its blanks the same way (engine/present/tikz.py,
// blank_numbers; tests/js/fixtures/tikz_blanks.json holds its numbers for the worksheet's test).
import { isDataInput } from '../answer.js';
import { forwardArithmetic, edgeArithmetic, upstreamSum, localArithmetic, texOf } from '../explorer/arithmetic.js';
import { loadedOps } from '../ops.js';
import { edgesOf } from '../explorer/timeline.js';

export const KINDS = ['value', 'upstream', 'local', 'downstream'];

const partial = (top, bottom) => `\\frac{\\partial ${top}}{\\partial ${bottom}}`;
const symbol = (node) => node?.latex || node?.id || '?';
/** Whose gradient, and the gradients on the edges into it, a worksheet does not ask. */
const notAsked = (node) => node?.kind === 'constant' || isDataInput(node);

/** Every edge as {id, source, target, slot, local, downstream, formula}: answer format 2's `edges`,
 *  or format 1's edges nested in each node's `inputs`. */
export function edgeList(answer) {
  if (Array.isArray(answer.edges)) return answer.edges.map((e, i) => ({ id: e.id ?? i, ...e }));
  const out = [];
  for (const node of answer.nodes) {
    node.inputs.forEach((e, slot) => out.push({ id: out.length, source: e.node, target: node.id, slot,
      local: e.local, downstream: e.downstream, formula: e.formula ?? '' }));
  }
  return out;
}

/**
 * The worksheet's items in box order: {n, kind, node, slot?, source?, asked (LaTeX of what the box
 * holds), answer (the engine's number), work (LaTeX: the arithmetic that gives it), from (for an
 * upstream gradient: the numbers of the downstream boxes it sums)}. `ops` is the op table
 * (static/js/ops.js) whose node formulas take the numbers, by default the page's.
 */
export function worksheetItems(answer, ops = loadedOps()) {
  const byId = new Map(answer.nodes.map((n) => [n.id, n]));
  const edges = edgeList(answer);
  const into = new Map();
  const outOf = new Map();
  for (const e of edges) {
    if (!into.has(e.target)) into.set(e.target, []);
    if (!outOf.has(e.source)) outOf.set(e.source, []);
    into.get(e.target).push(e);
    outOf.get(e.source).push(e);
  }
  const out = symbol(byId.get(answer.output));
  const items = [];
  const add = (item) => items.push({ n: items.length + 1, ...item });
  const downstreamBox = new Map(); // "target:slot" → its box, for the upstream sums that read it
  for (const id of answer.forward_order) {
    const node = byId.get(id);
    if (node.kind !== 'operation') continue;
    const inputs = (into.get(id) ?? []).sort((a, b) => a.slot - b.slot).map((e) => ({ value: byId.get(e.source).value }));
    add({ kind: 'value', node: id, asked: symbol(node), answer: node.value,
      work: `${node.formula} = ${forwardArithmetic(node, inputs, node.value, ops)}` });
  }
  for (const id of answer.backward_order) {
    const node = byId.get(id);
    if (notAsked(node)) continue;
    const received = outOf.get(id) ?? [];
    add({ kind: 'upstream', node: id, asked: partial(out, symbol(node)), answer: node.grad,
      from: received.map((e) => downstreamBox.get(`${e.target}:${e.slot}`)).filter(Boolean),
      work: id === answer.output ? `${partial(out, out)} = 1`
        : received.length > 1 ? upstreamSum(received, node.grad) : texOf(node.grad) });
    for (const e of (into.get(id) ?? []).sort((a, b) => a.slot - b.slot)) {
      const source = byId.get(e.source);
      if (notAsked(source)) continue;
      const local = partial(symbol(node), symbol(source));
      add({ kind: 'local', node: id, slot: e.slot, source: e.source, asked: local, answer: e.local,
        work: localArithmetic(e) });
      downstreamBox.set(`${id}:${e.slot}`, items.length + 1);
      add({ kind: 'downstream', node: id, slot: e.slot, source: e.source,
        asked: `${partial(out, symbol(node))} ${local}`, answer: e.downstream,
        work: edgeArithmetic(node.grad, e) ?? texOf(e.downstream) });
    }
  }
  return items;
}

/** The box numbers by place, for drawing them into the graph: values and upstream gradients by node
 *  id, local and downstream gradients by "target:slot". */
export function boxNumbers(items) {
  const boxes = { value: new Map(), upstream: new Map(), local: new Map(), downstream: new Map() };
  for (const item of items) {
    boxes[item.kind].set(item.kind === 'value' || item.kind === 'upstream' ? item.node : `${item.node}:${item.slot}`, item.n);
  }
  return boxes;
}

/** How a box is written where its number would be: its number and room to write. */
export const boxLabel = (n) => `(${n}) ____`;

/**
 * The answer as the worksheet draws it: every number a box asks for replaced by the box's label
 * (a string, which the renderer writes as it is), the inputs' and constants' values kept. Works on a
 * copy; the renderer and its node sizing stay the ones the explorer uses.
 */
export function blankAnswer(answer, items) {
  const copy = structuredClone(answer);
  const byId = new Map(copy.nodes.map((n) => [n.id, n]));
  const edges = Array.isArray(copy.edges) ? copy.edges : null;
  const edgeAt = (target, slot) => (edges
    ? edges.find((e) => e.target === target && e.slot === slot)
    : byId.get(target).inputs[slot]);
  for (const item of items) {
    const label = boxLabel(item.n);
    if (item.kind === 'value') byId.get(item.node).value = label;
    else if (item.kind === 'upstream') byId.get(item.node).grad = label;
    else edgeAt(item.node, item.slot)[item.kind] = label;
  }
  // Numbers nobody is asked for (a constant's or the data's gradient, the edges into them) are not
  // printed either: a worksheet shows only what is given.
  for (const node of copy.nodes) if (notAsked(node)) node.grad = '';
  const intoUnasked = edges
    ? edges.filter((e) => notAsked(byId.get(e.source)))
    : copy.nodes.flatMap((n) => n.inputs.filter((e) => notAsked(byId.get(e.node))));
  for (const e of intoUnasked) { e.local = ''; e.downstream = ''; }
  if (copy.gradients) copy.gradients = {};
  return copy;
}

/**
 * What a worksheet's drawing of a linked answer (static/js/answer.js) reveals of `state` (the
 * timeline's, fully stepped): no gradient of a network's data, and none on the edges from it, as no box
 * asks them; the explorer itself still draws the engine's numbers there. (The renderer leaves out a
 * constant's gradient on its own.)
 */
export function askedState(answer, state) {
  const data = new Set(answer.nodes.filter(isDataInput).map((n) => n.id));
  const fromData = new Set(edgesOf(answer).filter((e) => data.has(e.source)).map((e) => e.id));
  return { ...state, grads: new Set([...state.grads].filter((id) => !data.has(id))),
    edges: new Set([...state.edges].filter((id) => !fromData.has(id))),
    active: new Set([...state.active].filter((id) => !fromData.has(id))) };
}
