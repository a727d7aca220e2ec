// Explains the current step in words and formulas. Formulas go through katex.render into elements:
// it builds DOM and sets styles through the CSSOM, which the page's strict CSP allows.
import { renderTex } from '../katex.js';
import { texOf, forwardArithmetic, edgeArithmetic, upstreamSum, localArithmetic } from './arithmetic.js';
import { displayName } from './narrate.js';
import { phaseBounds } from './timeline.js';
import { edgeStep, tensorEdgeLines, tensorForward, texMatrix } from '../tensors/matrix_steps.js';

const KATEX_OPTIONS = { throwOnError: false, strict: 'ignore', displayMode: false };
// A node with thousands of inputs (x + x + … + x) gave thousands of KaTeX blocks per backward step,
// which froze the page for seconds and arrived 0.25 s apart (the last after minutes): the panel
// explains the first MAX_EDGE_BLOCKS edges and says how many more there are (the JSON export has all).
export const MAX_EDGE_BLOCKS = 16;
const MAX_DELAY_STEPS = 8; // the edges still arrive one after another, within about two seconds
const partial = (top, bottom) => `\\frac{\\partial ${top}}{\\partial ${bottom}}`;

export function createStepPanel(container, ctx) {
  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const math = (tex, cls = 'math') => {
    const span = el('span', cls);
    renderTex(span, tex, KATEX_OPTIONS);
    span.dataset.tex = tex; // the source, for export and tests
    return span;
  };

  let shownResponse = null;
  let shownPosition = null;

  /** Bring the whole step into view when the learner moves to another step of the same graph and
   *  the panel (below the graph) is partly off screen: a drawing, a recompute or a page load never
   *  scroll the page. 'nearest' does nothing while the panel is already fully visible. */
  function keepInView(response, position) {
    const moved = response && response === shownResponse && position !== shownPosition;
    shownResponse = response;
    shownPosition = position;
    const panel = container.closest('.step-panel') ?? container;
    if (!moved || !panel.getClientRects().length) return;
    const box = panel.getBoundingClientRect();
    if (box.bottom > window.innerHeight && box.top < window.innerHeight) {
      const smooth = !globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
      panel.scrollIntoView({ block: 'nearest', behavior: smooth ? 'smooth' : 'auto' });
    }
  }

  function render(response, step, position) {
    renderStep(response, step, position);
    keepInView(response, position);
  }

  function renderStep(response, step, position) {
    const { t } = ctx;
    container.replaceChildren();
    // Before the first graph arrives the panel already says how to start (it is the largest text a
    // phone shows first, so the page's first paint of it does not wait for the API).
    if (!response) { container.append(el('p', 'step-hint', t('explorer.phase.start'))); return; }
    const { forward, total } = phaseBounds(response);
    if (!step) {
      container.append(el('p', 'step-hint', position >= total && total ? t('explorer.phase.done') : t('explorer.phase.start')));
      return;
    }
    const { node } = step;
    const name = displayName(node);
    const out = response.byId.get(response.output);
    const heading = el('h3', `step-heading phase-${step.phase}`);
    container.append(heading);
    if (step.phase === 'forward') {
      const hasInputs = node.inputs.length > 0;
      // An input is not computed: as the textbook puts it, "a is given: a = 3" (its formula holds its value).
      heading.textContent = t(hasInputs ? 'explorer.step.forward' : 'explorer.step.forwardLeaf', { k: position, n: forward, name });
      // An operation's formula gets its numbers substituted.
      const tensor = hasInputs && tensorForward(node, node.inputs.map((e) => e.source.value), node.value); // issue 12
      const tex = hasInputs ? `${node.formula} = ${tensor || forwardArithmetic(node, node.inputs.map((e) => e.source), node.value)}` : node.formula;
      const line = el('p', 'step-line reveal value');
      if (!hasInputs) line.append(`${t(node.kind === 'constant' ? 'explorer.step.constantValue' : 'explorer.step.leafValue', { name })} `);
      line.append(math(tex));
      container.append(line);
      return;
    }
    heading.textContent = t('explorer.step.backward', { k: position - forward, n: total - forward, name });
    if (node.kind === 'constant') { // figure 6.17 gives constants no gradient: say why instead
      container.append(el('p', 'step-line step-constant', t('explorer.step.constant', { name })));
      return;
    }
    const received = step.received ?? [];
    const dOut = partial(out.latex, node.latex);
    const texOfGrad = (g) => (Array.isArray(g) ? texMatrix(g) : texOf(g)); // tensors printed (issue 12)
    let arrival;
    if (node.id === response.output) {
      arrival = [t('explorer.step.seed'), `${dOut} = ${texOfGrad(node.grad)}`];
    } else if (received.length > 1) {
      arrival = [t('explorer.step.fanout', { name, count: received.length }),
        `${dOut} = ${upstreamSum(received, node.grad)}`];
    } else {
      arrival = [t('explorer.step.upstream', { name }), `${dOut} = ${texOfGrad(node.grad)}`];
    }
    const upstream = el('div', 'step-block reveal grad');
    upstream.append(el('p', 'step-line', arrival[0]), math(arrival[1], 'math display'));
    container.append(upstream);

    const edges = step.edges ?? [];
    edges.slice(0, MAX_EDGE_BLOCKS).forEach((edge, i) => {
      const input = edge.source;
      if (input.kind === 'constant') {
        container.append(el('p', 'step-line step-constant', t('explorer.step.constantEdge', { input: displayName(input), name })));
        return;
      }
      const block = el('div', 'step-block step-edge reveal');
      // Each edge appears a moment after the one before, as the gradient flows down it.
      block.style.animationDelay = `${Math.min(i + 1, MAX_DELAY_STEPS) * 0.25}s`;
      block.append(el('p', 'step-edge-title', t('explorer.step.edge', { input: displayName(input), name })));
      // A tensor edge: the textbook's matrix form with its numbers (tensors/matrix_steps.js).
      const matrixLines = tensorEdgeLines(edgeStep(edge, response));
      if (matrixLines) {
        for (const line of matrixLines) {
          const p = el('p', `step-line step-matrix step-${line.key}`);
          p.append(math(line.tex));
          block.append(p);
        }
        container.append(block);
        return;
      }
      const local = el('p', 'step-line');
      local.append(el('span', 'step-key', `${t('explorer.step.local')}: `),
        math(localArithmetic(edge)));
      // Only a sole use makes this edge's downstream the input's whole gradient; otherwise it is one term.
      const sole = (input.consumers?.length ?? 0) <= 1 && node.inputs.filter((x) => x.source === input).length === 1;
      const lhs = sole ? `${partial(out.latex, input.latex)} = ` : '';
      const down = el('p', 'step-line grad');
      down.append(el('span', 'step-key', `${t('explorer.step.downstream', { input: displayName(input) })}: `),
        math(`${lhs}${partial(out.latex, node.latex)}\\,${partial(node.latex, input.latex)} = ${edgeArithmetic(node.grad, edge) ?? texOf(edge.downstream)}`));
      block.append(local, down);
      container.append(block);
    });
    if (edges.length > MAX_EDGE_BLOCKS) {
      container.append(el('p', 'step-line step-more', t('explorer.step.moreEdges', { count: edges.length - MAX_EDGE_BLOCKS, name })));
    }
    if (!edges.length) container.append(el('p', 'step-line', t('explorer.step.leaf', { name })));
  }

  return { render };
}

