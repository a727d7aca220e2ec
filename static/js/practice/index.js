// The practice view: pick an exercise (a textbook figure, a seeded level, or the explorer's graph),
// then walk the backward pass answering upstream, local and downstream gradients. Answers are checked
// here against the engine's numbers (nothing is sent back). This module wires the pieces:
// questions.js (what is asked), session.js (the walk's rules), hints.js, progress.js (localStorage),
// panel.js (the question panel) and the explorer's reusable graph view.
import { registerStrings } from '../i18n.js';
import strings from '../i18n/practice.js';
import { createGraphView } from '../explorer/graphview.js';
import { edgeId } from '../explorer/timeline.js';
import { buildQuestions, graphFingerprint } from './questions.js';
import { createSession } from './session.js';
import { loadProgress, saveProgress, clearProgress, progressKey } from './progress.js';
import { buildSkeleton } from './skeleton.js';
import { createPanel } from './panel.js';
import { resolveAnswer } from '../answer.js';

registerStrings(strings);

export const SETS = ['fig6.15', 'fig6.18', 'level1', 'level2', 'level3'];
const MAX_SEED = 4294967295;  // the API's range (engine/exercises.py MAX_SEED)
const EXPLORER = 'explorer';
// After a reload on ?exercise=explorer the explorer restores its own graph from the URL; wait this
// long for it before asking the learner to open one.
const EXPLORER_WAIT_MS = 4000;

const isLevel = (name) => /^level[123]$/.test(name);
const randomSeed = () => Math.floor(Math.random() * 100000);

/** Reads ?exercise=&seed= into a valid choice (unknown names fall back to figure 6.15). */
export function choiceFromUrl(params) {
  const exercise = SETS.includes(params.exercise) || params.exercise === EXPLORER ? params.exercise : 'fig6.15';
  const n = Number(params.seed);
  const seed = isLevel(exercise) ? (Number.isInteger(n) && n >= 0 && n <= MAX_SEED ? n : 1) : null;
  return { exercise, seed };
}

export function mount(root, ctx) {
  const { t } = ctx;
  const ui = buildSkeleton(root, ctx, SETS);
  const view = createGraphView(ui.graph, ctx);
  let walk = null;  // {exercise, seed, title, graph, questions, skipped, session, storageKey}
  let loadToken = 0;

  const panel = createPanel(ui.panel, ctx, {
    submit: (text) => act(() => walk.session.submit(text)),
    hint: () => act(() => ({ status: 'hint', hints: walk.session.hint() })),
    reveal: () => act(() => { const q = walk.session.reveal(); return q ? { status: 'revealed', question: q } : null; }),
    again: () => { clearProgress(walk.storageKey); start(walk.graph, walk, { focus: true }); },
    next: () => {
      const i = SETS.indexOf(walk.exercise);
      if (isLevel(walk.exercise)) load({ exercise: walk.exercise, seed: (walk.seed + 1) % (MAX_SEED + 1) }, { focus: true });
      else load({ exercise: SETS[(i + 1) % SETS.length], seed: 1 }, { focus: true });
    },
  });

  // One learner action: run it, save, redraw, narrate.
  function act(fn) {
    if (!walk) return;
    const result = fn();
    if (!result) return;
    saveProgress(walk.storageKey, walk.session.toJSON());
    drawWhenVisible();
    panel.show(walk, result);
  }

  /** Values always shown; a gradient once answered (or revealed); constants and tensors once reached. */
  function reveal() {
    const { graph, session, skipped } = walk;
    const values = new Set(graph.nodes.map((n) => n.id));
    const grads = new Set();
    const edges = new Set();
    for (const q of session.questions) {
      if (!session.record(q.key).done) continue;
      if (q.kind === 'upstream') grads.add(q.node);
      if (q.kind === 'downstream') edges.add(edgeId(q.node, q.edge));
    }
    const order = graph.backward_order ?? [];
    const here = session.current();
    const reached = (id) => !here || order.indexOf(id) < order.indexOf(here.node);
    for (const s of skipped) {
      if (s.edge === undefined) { if (reached(s.node)) grads.add(s.node); }
      else if (reached(s.node) || grads.has(s.node)) edges.add(edgeId(s.node, s.edge));
    }
    const active = new Set(here && here.edge !== undefined ? [edgeId(here.node, here.edge)] : []);
    view.setRevealed({ values, grads, edges, current: here?.node ?? null, active });
  }

  function start(answer, meta, { focus = false } = {}) {
    const graph = resolveAnswer(answer);
    const { questions, skipped } = buildQuestions(graph);
    const storageKey = meta.exercise === EXPLORER
      ? progressKey(EXPLORER, graphFingerprint(graph))
      : progressKey(meta.exercise, meta.seed);
    const session = createSession(questions, loadProgress(storageKey));
    walk = { ...meta, graph, questions, skipped, session, storageKey };
    ui.setChoice(meta.exercise, meta.seed);
    ui.setStatus('');
    drawWhenVisible();
    panel.start(walk, { focus });
  }

  // The graph view fits the drawing to its box, which a hidden tab doesn't have (a zoom transition
  // on a zero-sized SVG computes NaN): draw only while visible, else as soon as the tab is shown.
  let drawn = null;
  function drawWhenVisible() {
    if (!walk || drawn === walk) { if (walk) reveal(); return; }
    if (!ui.graph.getBoundingClientRect().width) return;
    drawn = walk;
    view.render(walk.graph);
    reveal();
  }
  new ResizeObserver(drawWhenVisible).observe(ui.graph);

  async function load(choice, { focus = false } = {}) {
    const token = ++loadToken;
    ctx.urlState.update({ exercise: choice.exercise, seed: isLevel(choice.exercise) ? String(choice.seed) : null });
    ui.setChoice(choice.exercise, choice.seed);
    if (choice.exercise === EXPLORER) { fromExplorer({ focus }); return; }
    ui.setStatus(t('practice.loading'));
    const body = isLevel(choice.exercise)
      ? { level: Number(choice.exercise.slice(5)), seed: choice.seed }
      : { exercise: choice.exercise };
    try {
      const answer = await ctx.api.postJSON('/api/v1/exercise', body);
      if (token !== loadToken) return;  // a newer choice won
      start(answer.graph, { exercise: choice.exercise, seed: isLevel(choice.exercise) ? choice.seed : null,
        title: t(`practice.set.${choice.exercise}`) }, { focus });
    } catch (err) {
      if (token !== loadToken) return;
      const message = err?.detail?.message ?? (Array.isArray(err?.detail) ? err.detail.map((d) => d.msg).join('; ') : err?.message);
      ui.setStatus(t('practice.loadError', { message: message ?? '?' }), { error: true });
    }
  }

  async function fromExplorer({ focus = true, wait = 0 } = {}) {
    const token = ++loadToken;
    ctx.urlState.update({ exercise: EXPLORER, seed: null });
    ui.setChoice(EXPLORER, null);
    const deadline = Date.now() + wait;
    let graph = ctx.explorer?.getResponse?.() ?? null;
    while (!graph && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      if (token !== loadToken) return;
      graph = ctx.explorer?.getResponse?.() ?? null;
    }
    if (!graph) { ui.setStatus(t('practice.noExplorerGraph'), { error: true }); return; }
    start(graph, { exercise: EXPLORER, seed: null, title: t('practice.set.explorer') }, { focus });
  }

  ui.onStart((choice) => load(choice, { focus: true }));
  ui.onNewSeed(() => randomSeed());
  ui.onFromExplorer(() => fromExplorer({ focus: true }));
  ui.onRestart(() => { if (walk) { clearProgress(walk.storageKey); start(walk.graph, walk, { focus: true }); } });
  ctx.onLangChange?.(() => {
    ui.refreshLanguage();
    view.refreshLanguage?.();
    if (walk) { walk.title = walk.exercise === EXPLORER ? t('practice.set.explorer') : t(`practice.set.${walk.exercise}`); panel.start(walk, { focus: false }); }
  });

  const first = choiceFromUrl(ctx.urlState.get());
  if (first.exercise === EXPLORER) fromExplorer({ focus: false, wait: EXPLORER_WAIT_MS });
  else load(first);

  return {
    /** For other views: start practising a graph response now (e.g. from the explorer). */
    practise(graph) { start(graph, { exercise: EXPLORER, seed: null, title: t('practice.set.explorer') }, { focus: true }); },
  };
}
