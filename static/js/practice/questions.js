// The questions of a practice walk, built from any graph response (docs/contract.md §1) as
// static/js/answer.js links it. Pure.
//
// The walk follows the backward order. For each node: its upstream gradient ∂L/∂node (the output's
// too — it is 1, and saying so is part of learning), then for each input edge its local gradient
// ∂node/∂input and its downstream gradient (upstream × local).
// Not asked, with the reason kept so the page can explain it and still draw the numbers:
//  * constants (kind "constant") and the edges into them: a constant never changes, so nobody needs
//    its gradient — figure 6.15's `2` in d = 2b;
//  * tensor nodes and any edge touching one: practice asks about scalars; a tensor's gradient is a
//    whole array (the explorer shows it), so it is revealed instead of asked;
//  * a network's data (the input x, the labels y) and the edges into it: nobody learns the data, and
//    the textbook never backpropagates into it (answer.js isDataInput). Nothing is revealed for them.
import { toNumber } from '../api.js';
import { isDataInput } from '../answer.js';

export const KINDS = ['upstream', 'local', 'downstream'];

const isScalar = (node) => Array.isArray(node.shape) && node.shape.length === 0;

/** Returns {questions, skipped}. A question is {key, kind, node, edge?, input?, expected}; `skipped`
 *  lists {node, edge?, reason: 'constant' | 'tensor' | 'data'}. Keys are stable across reloads:
 *  "e|upstream", "e|0|local", "e|0|downstream" (edge index, since x*x has two edges to x). */
export function buildQuestions(graph) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const order = graph.backward_order ?? [...graph.nodes].reverse().map((n) => n.id);
  const questions = [];
  const skipped = [];
  for (const id of order) {
    const node = byId.get(id);
    if (!node) continue;
    if (node.kind === 'constant') { skipped.push({ node: id, reason: 'constant' }); continue; }
    if (isDataInput(node)) { skipped.push({ node: id, reason: 'data' }); continue; }
    if (!isScalar(node)) { skipped.push({ node: id, reason: 'tensor' }); continue; }
    questions.push({ key: `${id}|upstream`, kind: 'upstream', node: id, expected: toNumber(node.grad) });
    node.inputs.forEach((edge, i) => {
      const input = edge.source;
      if (input?.kind === 'constant') { skipped.push({ node: id, edge: i, reason: 'constant' }); return; }
      if (isDataInput(input)) { skipped.push({ node: id, edge: i, reason: 'data' }); return; }
      if (!input || !isScalar(input) || typeof edge.local !== 'number' && typeof edge.local !== 'string') {
        skipped.push({ node: id, edge: i, reason: 'tensor' });
        return;
      }
      for (const kind of ['local', 'downstream']) {
        questions.push({ key: `${id}|${i}|${kind}`, kind, node: id, edge: i, input: edge.source.id,
          expected: toNumber(edge[kind]) });
      }
    });
  }
  return { questions, skipped };
}

/** A short fingerprint of a graph (ids, ops, edges and values) so progress on "the explorer's graph"
 *  is kept per graph, not mixed up when the learner practises another one. FNV-1a, 32 bits. */
export function graphFingerprint(graph) {
  const text = JSON.stringify(graph.nodes.map((n) => [n.id, n.op, n.value, n.inputs.map((e) => e.source.id)]));
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}
