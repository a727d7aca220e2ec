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
import { createStore } from '../store.js';
import { loadOps } from '../ops.js';
import { apiError } from '../i18n/engine_messages.js';
import { SETS, EXPLORER, isLevel, currentSeed, practiceFromQuery, practiceToQuery, practiceActions,
  classQuery, worksheetQuery, normalize } from './state.js';

registerStrings(strings);

export { SETS };
const randomSeed = () => Math.floor(Math.random() * 100000);

// A phone's graph box: at most this share of the screen's height (a tall network is panned inside
// it), at least this many px (room for a node and its edges).
const PHONE_GRAPH_MAX = 0.5;
const PHONE_GRAPH_MIN_PX = 160;

export function mount(root, ctx) {
  const { t } = ctx;
  const ui = buildSkeleton(root, ctx, SETS);
  const view = createGraphView(ui.graph, ctx);
  let walk = null;  // {exercise, seed, title, graph, questions, skipped, session, storageKey, ops}
  let loadToken = 0;
  let ops = null;
  loadOps().then((table) => { ops = table; if (walk) { walk.ops = ops; panel.start(walk, { focus: false }); } });
  // The set and exercise open now (state.js): the link is written from it, a change loads the exercise.
  const store = createStore(practiceFromQuery(ctx.urlState.initial()), practiceActions);
  ctx.urlState.connect(store, practiceToQuery);
  let focusNext = false; // whether the exercise a change opens takes the focus (a learner's action)
  store.subscribe((state) => load(state, { focus: focusNext }));
  /** Runs a store action for the learner; the same choice again reloads it (Start pressed twice). */
  function dispatch(action, ...args) {
    focusNext = true;
    const before = store.getState();
    if (store.actions[action](...args) === before) load(before, { focus: true });
  }

  const panel = createPanel(ui.panel, ctx, {
    submit: (text) => act(() => walk.session.submit(text)),
    hint: () => act(() => ({ status: 'hint', hints: walk.session.hint() })),
    reveal: () => act(() => { const q = walk.session.reveal(); return q ? { status: 'revealed', question: q } : null; }),
    again: () => { clearProgress(walk.storageKey); start(walk.graph, walk, { focus: true }); },
    next: () => dispatch('next'),
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

  /** Values always shown; a gradient once answered (or revealed); constants and tensors once reached;
   *  a network's data never (it is not asked: questions.js). */
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
      if (s.reason === 'data') continue;
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
    walk = { ...meta, graph, questions, skipped, session, storageKey, ops };
    showChoice(store.getState());
    ui.setStatus('');
    body.hidden = false;
    drawWhenVisible();
    panel.start(walk, { focus });
  }

  // The body (graph and questions) while there is nothing to practise and nothing on its way (the
  // exercise failed to load, the explorer has no graph): out of the page, so the status line's message
  // stands alone rather than above a phone's body kept unpainted until its first drawing (practice.css).
  // An exercise already on screen stays when the next one fails to load.
  const body = ui.graph.parentNode;
  const nothingToPractise = () => { if (!walk) body.hidden = true; };

  // The graph view fits the drawing to its box, which a hidden tab doesn't have (a zoom transition
  // on a zero-sized SVG computes NaN): draw only while visible, else as soon as the tab is shown.
  let drawn = null;
  let fittedHeight = null; // the box's height when the drawing was last fitted to it
  function drawWhenVisible() {
    if (!walk || drawn === walk) { if (walk) { reveal(); refitWhenResized(); } return; }
    if (!ui.graph.getBoundingClientRect().width) return;
    drawn = walk;
    view.render(walk.graph);
    reveal();
    fittedHeight = ui.graph.clientHeight; // what reveal's fit used
    fitBoxToGraph();
    refitWhenResized(); // now, so the first frame painted shows the drawing fitted to the final box
    body.classList.add('is-drawn'); // practice.css: a phone paints the body from now on
  }
  new ResizeObserver(drawWhenVisible).observe(ui.graph);

  // On a phone the graph sits above the questions: its box takes the drawing's height (as fit shows
  // it at this width), not a fixed share of the screen, so the question field follows right below.
  const phone = globalThis.matchMedia?.('(max-width: 480px)');
  function fitBoxToGraph() {
    if (!phone?.matches) { ui.graph.style.height = ''; return; }
    const height = Math.min(view.fitHeight(ui.graph.clientWidth), Math.round(PHONE_GRAPH_MAX * innerHeight));
    ui.graph.style.height = `${Math.max(PHONE_GRAPH_MIN_PX, height)}px`;
  }
  /** The box's height changed (fitBoxToGraph, a turned phone): fit the drawing to it again. */
  function refitWhenResized() {
    const height = ui.graph.clientHeight;
    if (fittedHeight !== height) view.fit();
    fittedHeight = height;
  }
  phone?.addEventListener?.('change', () => { if (drawn) fitBoxToGraph(); });

  /** The picker, the set's position and the class and worksheet links, from the store. */
  const linksOf = (state) => ({
    classLink: `?${new URLSearchParams(classQuery(state, ctx.lang))}`,
    worksheetLink: `?${new URLSearchParams(worksheetQuery(state, ctx.lang))}`,
  });
  const showChoice = (state) => ui.setChoice(state, linksOf(state));
  // A set picked but not started yet: its links at once (normalize reads the fields as a link would).
  ui.onPick((choice) => { const state = normalize(choice); ui.setLinks(state.exercise, linksOf(state)); });

  async function load(state, { focus = false } = {}) {
    const token = ++loadToken;
    showChoice(state);
    if (state.exercise === EXPLORER) { fromExplorer(token, { focus }); return; }
    ui.setStatus(t('practice.loading'));
    const seed = currentSeed(state);
    const body = isLevel(state.exercise) ? { level: Number(state.exercise.slice(5)), seed } : { exercise: state.exercise };
    try {
      const answer = await ctx.api.postJSON('/api/v1/exercise', body);
      if (token !== loadToken) return;  // a newer choice won
      start(answer.graph, { exercise: state.exercise, seed, title: titleOf(state) }, { focus });
    } catch (err) {
      if (token !== loadToken) return;
      ui.setStatus(loadErrorText(err), { error: true });
      nothingToPractise();
    }
  }

  /** Why the exercise did not load, in the page's language (the API's code, engine_messages.js), and
   *  what to do: the answer's own hint (wait for a busy server) or, for a refused level or seed, to
   *  check them. */
  function loadErrorText(err) {
    const { message, hint } = apiError(err);  // a 422 (the level or seed refused) has no hint
    return t('practice.loadError', { message: (message || '?').replace(/[.。]$/, ''), next: hint || t('practice.loadErrorNext') });
  }

  const titleOf = (state) => (state.count > 1
    ? `${t(`practice.set.${state.exercise}`)} · ${t('practice.setItem', { n: state.item + 1, count: state.count })}`
    : t(`practice.set.${state.exercise}`));

  // The explorer's graph: now if it has one, else when its store gets one (a reload restores the
  // explorer's graph from the link a moment later), instead of polling for it.
  let stopWaiting = null;
  async function fromExplorer(token, { focus }) {
    stopWaiting?.();
    stopWaiting = null;
    const explorer = await ctx.explorer.catch(() => null);  // its modules load on first use
    if (token !== loadToken) return;  // a newer choice won meanwhile
    const practise = (answer) => start(answer, { exercise: EXPLORER, seed: null, title: t('practice.set.explorer') }, { focus });
    const answer = explorer?.getResponse?.();
    if (answer) { practise(answer); return; }
    ui.setStatus(t('practice.noExplorerGraph'), { error: !explorer?.subscribe });
    nothingToPractise();
    if (!explorer?.subscribe) return;
    stopWaiting = explorer.subscribe((state) => {
      if (!state.answer) return;
      stopWaiting();
      stopWaiting = null;
      if (token === loadToken) practise(state.answer);
    });
  }

  ui.onStart((choice) => dispatch('choose', choice));
  ui.onNewSeed(() => randomSeed());
  ui.onFromExplorer(() => dispatch('fromExplorer'));
  ui.onRestart(() => { if (walk) { clearProgress(walk.storageKey); start(walk.graph, walk, { focus: true }); } });
  ctx.onLangChange?.(() => {
    ui.refreshLanguage();
    view.refreshLanguage?.();
    showChoice(store.getState());
    if (walk) { walk.title = walk.exercise === EXPLORER ? t('practice.set.explorer') : titleOf(store.getState()); panel.start(walk, { focus: false }); }
  });

  load(store.getState());

  return {
    /** For other views: start practising the explorer's graph now. */
    practise() { dispatch('fromExplorer'); },
  };
}
