// Reading an engine answer (docs/contract.md §1, answer format 2). The API sends every node and every
// edge once and lets the steps name them by id; this module links them into objects the views use
// directly, so no view looks ids up itself:
//
//   nodes[i].inputs      → its input edges (objects), in operand order; consumers stay ids
//   edges[k].source/target → node objects; edges[k].local_form says how `local` is shaped
//   steps[j].node        → the node object; backward steps' `edges` and `received` → edge objects
//   byId                 → Map id → node; `answer` → the answer as the API sent it (for export)
//
// Pure (no DOM): tested with node's test runner (tests/js/test_answer.mjs).

export const ANSWER_FORMAT = 2;

/** Thrown for an answer this page cannot read (another format): say so instead of drawing nonsense. */
export class AnswerFormatError extends Error {
  constructor(format) {
    super(`The server answered in format ${format ?? 'unknown'}; this page reads format ${ANSWER_FORMAT}. Reload the page.`);
    this.name = 'AnswerFormatError';
  }
}

const RESOLVED = Symbol('resolved answer');

/** True for what resolveAnswer returns. */
export const isResolved = (answer) => Boolean(answer?.[RESOLVED]);

/** The linked form of an answer (an already linked one is returned as it is). */
export function resolveAnswer(answer) {
  if (!answer || isResolved(answer)) return answer;
  if (answer.format !== ANSWER_FORMAT) throw new AnswerFormatError(answer.format);
  const nodes = answer.nodes.map((record) => ({ ...record }));
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const edges = (answer.edges ?? []).map((record) => ({
    ...record, source: byId.get(record.source), target: byId.get(record.target),
  }));
  for (const node of nodes) node.inputs = node.inputs.map((k) => edges[k]);
  const steps = answer.steps.map((step) => (step.phase === 'forward'
    ? { phase: 'forward', node: byId.get(step.node) }
    : { phase: 'backward', node: byId.get(step.node), edges: step.edges.map((k) => edges[k]),
      received: step.received.map((k) => edges[k]) }));
  return { ...answer, nodes, edges, steps, byId, answer, [RESOLVED]: true };
}

/** The answer as the API sent it (plain JSON, no cycles), from either form. */
export const rawAnswer = (answer) => (isResolved(answer) ? answer.answer : answer);

/** A network's data (its sample x and labels y: in the scalar view x1, x2, …, y), as the engine marks
 *  it: `role` "data" (contract §2; only network answers have it). The textbook never backpropagates
 *  into data, so practice, the worksheet and the Gradients panel do not ask or list its gradient; an
 *  expression's inputs (figure 6.15's a, b, c) are what the textbook asks about. The engine's
 *  exercises and TikZ export read the same field (engine/exercises.py is_data). */
export const isDataInput = (node) => node?.role === 'data';

/** An input nobody learns: the network's data, or a dropout mask (`role` "mask", drawn per
 *  mini-batch). The Gradients panel lists neither. */
export const isUnlearnedInput = (node) => node?.role === 'data' || node?.role === 'mask';
