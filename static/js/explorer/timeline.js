// What the page shows at each position of the step timeline. Pure: derived from the API response
// alone, so stepping back is just recomputing for a smaller position (no undo bookkeeping).
//
// Position p counts the steps done: 0 shows nothing, p = steps.length shows everything. Forward step
// k reveals its node's value; backward step k reveals its node's gradient (the upstream it received)
// and, on each of its input edges, the local and downstream gradients.
import { isUnlearnedInput } from '../answer.js';

/** Edge ids: the i-th operand of node `to` (an input used twice, as in x*x, gives two edges). */
export const edgeId = (to, index) => `${to}:${index}`;

/** All edges of a response, in node order: {id, source, target, index}. */
export function edgesOf(response) {
  const edges = [];
  for (const node of response.nodes) {
    node.inputs.forEach((input, index) => edges.push({ id: edgeId(node.id, index), source: input.source.id, target: node.id, index }));
  }
  return edges;
}

export const stepCount = (response) => (response ? response.steps.length : 0);

export function clampStep(p, response) {
  const n = stepCount(response);
  return Math.max(0, Math.min(n, Math.trunc(Number(p)) || 0));
}

/** The revealed state after `p` steps: {values, grads, edges (Sets of ids), current, active}. */
export function stateAt(response, p) {
  const values = new Set();
  const grads = new Set();
  const edges = new Set();
  const upto = clampStep(p, response);
  for (let k = 0; k < upto; k++) {
    const step = response.steps[k];
    if (step.phase === 'forward') values.add(step.node.id);
    else {
      grads.add(step.node.id);
      step.edges.forEach((e, i) => edges.add(edgeId(step.node.id, i)));
    }
  }
  const current = upto > 0 ? response.steps[upto - 1] : null;
  // Edges the current step works on: its inputs going forward, the same edges carrying gradients back.
  const active = new Set();
  if (current) {
    const node = current.node;
    node?.inputs.forEach((input, i) => active.add(edgeId(node.id, i)));
  }
  return { values, grads, edges, current, active, position: upto };
}

/** The index range of each phase, for labelling the scrubber: forward 1..f, backward f+1..n. */
export function phaseBounds(response) {
  const forward = response ? response.steps.filter((s) => s.phase === 'forward').length : 0;
  return { forward, total: stepCount(response) };
}

/** Everything revealed: the practice view shows all values and reveals gradients itself. */
export function valuesOnly(response) {
  return { values: new Set(response.nodes.map((n) => n.id)), grads: new Set(), edges: new Set(), current: null, active: new Set() };
}

/** The Gradients panel's leaves once their gradient is revealed (`grads`: ids): the inputs and
 *  parameters, less a network's data (x, y) and dropout masks (answer.js isUnlearnedInput), whose
 *  gradient nobody learns from. */
export const gradientLeaves = (response, grads) => response.nodes.filter((n) =>
  (n.kind === 'input' || n.kind === 'parameter') && !isUnlearnedInput(n) && grads.has(n.id));
