// The explorer view: type an expression (or build a network), see its computation graph, and step
// through the forward and backward passes. This module wires the parts to the view's store:
//   state.js (the store: state, named actions, link keys) · editor.js (expression + variables)
//   graphview.js (SVG graph) · controls.js (timeline) · steppanel.js (the step in words and KaTeX)
//   timeline.js (what a position reveals)
// Every change goes through a named action of the store; `render` draws the parts from the state, and
// static/js/urlstate.js writes the link from it (source, values, params, step, speed, mode; the network
// form keeps its spec in `net`; a training update shown here is `train_update` + the training view's
// `train_*` keys, replayed by the training view), so a link reproduces the page.
import { registerStrings } from '../i18n.js';
import { warningMessage } from '../i18n/engine_messages.js';
import strings from '../i18n/explorer.js';
// The step and help texts too (explorer_extra.js), so a link to any step shows words, never raw keys.
import extraStrings from '../i18n/explorer_extra.js';
import { createStore, changed } from '../store.js';
import { createGraphView } from './graphview.js';
import { createControls } from './controls.js';
import { createStepPanel } from './steppanel.js';
import { createEditor } from './editor.js';
import { PRESETS, presetById } from './presets.js';
import { gradientLeaves, stateAt, valuesOnly } from './timeline.js';
import { describeStep, displayName } from './narrate.js';
import { fmtAny } from '../format.js';
import { ANSWER_FORMAT, rawAnswer, resolveAnswer } from '../answer.js';
import { loadOps } from '../ops.js';
import { takeGraphAnswer } from '../first_answer.js';
import { explorerFromQuery, explorerToQuery, explorerActions, graphRequest, inputLinkLength, MAX_LINK_INPUT_CHARS } from './state.js';

registerStrings(strings);
registerStrings(extraStrings);

export const DEBOUNCE_MS = 250; // recompute this long after the last keystroke
// Above this many nodes the SVG would take many seconds to build and be unreadable at any zoom: the
// timeline, step explanations and gradients still work, the picture is left out.
export const MAX_DRAWN_NODES = 5000;
// The same for edges: x + x + … + x (a 100,000-character paste) is 2 nodes and 50,000 parallel edges,
// whose SVG paths kept Chromium busy for ~40 s. A 5,000-node graph has about this many.
export const MAX_DRAWN_EDGES = 10000;
export { MAX_LINK_INPUT_CHARS };
const edgeCount = (resp) => resp.edges.length;
const EXPRESSION_STALE = (t) => t('explorer.stale');
const EMPTY_GRAPH = resolveAnswer({ format: ANSWER_FORMAT, output: null, nodes: [], edges: [], steps: [] });

function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

/** Mounts the view on its frame, which the page arrives with (templates/views/explorer.html). */
export function mount(root, ctx) {
  const store = createStore(explorerFromQuery(ctx.urlState.initial()), explorerActions);
  const { actions } = store;
  let netForm = null;
  let staleText = null; // (t) => the words over a stale graph (markStale), or null
  let requestSeq = 0;
  let inflight = null;
  const $ = (sel) => root.querySelector(sel);
  const { t } = ctx;
  const graphArea = $('.graph-area');
  const graph = createGraphView(graphArea, ctx);
  const stepPanel = createStepPanel($('.step-body'), ctx);
  const editor = createEditor($('.expression-panel'), ctx, { onEdit });
  const controls = createControls($('.timeline'), ctx, {
    onChange: (p) => actions.stepTo(p),
    describe: describePosition,
    speed: store.getState().speed,
    onSpeed: (speed) => actions.setSpeed(speed),
  });

  // --- Rendering from the state -----------------------------------------------------------------
  store.subscribe((state, previous, action) => {
    if (changed(state, previous, 'mode', 'origin')) renderMode(state);
    if (changed(state, previous, 'mode')) markStale(null); // the other panel's input decides now
    if (changed(state, previous, 'input')) renderLinkNote(state);
    if (changed(state, previous, 'answer')) renderAnswer(state);
    if (changed(state, previous, 'answer', 'step', 'practice')) renderPosition(state, { announce: action === 'stepTo' });
  });

  function renderMode({ mode, origin }) {
    for (const b of root.querySelectorAll('.mode-button')) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
    $('.expression-panel').hidden = mode !== 'expression';
    $('.network-panel').hidden = mode !== 'network';
    $('.training-source').hidden = mode !== 'training';
    renderOrigin(mode === 'training' ? origin : null);
  }

  function renderLinkNote({ input }) {
    const length = inputLinkLength(input);
    editor.setLinkNote(length <= MAX_LINK_INPUT_CHARS ? null : (tr) => tr('explorer.link.tooLong', { length, max: MAX_LINK_INPUT_CHARS }));
  }

  function renderAnswer({ answer, step }) {
    const start = performance.now();
    const drawable = answer.nodes.length <= MAX_DRAWN_NODES && edgeCount(answer) <= MAX_DRAWN_EDGES;
    $('.graph-empty').hidden = drawable;
    $('.graph-empty').textContent = drawable ? '' : tooLargeText(answer);
    graph.render(drawable ? answer : EMPTY_GRAPH);
    controls.setTotal(answer);
    controls.setPosition(step);
    showWarnings(answer.warnings ?? []);
    // "explorer:draw" spans layout, DOM work and the first paint (the task after the next frame);
    // benchmarks/bench_browser.py reads it.
    requestAnimationFrame(() => setTimeout(() => {
      performance.measure('explorer:draw', { start, end: performance.now(), detail: { nodes: answer.nodes.length, layout: graph.engine } });
    }, 0));
  }

  function renderPosition({ answer, step, practice }, { announce }) {
    if (!answer) return;
    root.classList.toggle('is-practice', Boolean(practice));
    const shown = practice ?? stateAt(answer, step);
    controls.setPosition(step);
    graph.setRevealed(shown);
    stepPanel.render(practice ? null : answer, shown.current, step);
    renderGradients(answer, shown);
    if (announce) ctx.announce(describeStep(shown.current, answer, t));
  }

  function tooLargeText(resp) {
    return resp.nodes.length > MAX_DRAWN_NODES
      ? t('explorer.graph.tooLarge', { count: resp.nodes.length, max: MAX_DRAWN_NODES })
      : t('explorer.graph.tooManyEdges', { count: edgeCount(resp), max: MAX_DRAWN_EDGES });
  }

  function describePosition(p) {
    const { answer } = store.getState();
    if (!answer) return '';
    const total = answer.steps.length;
    const step = p > 0 ? answer.steps[p - 1] : null;
    if (!step) return t('explorer.position', { p, n: total });
    return t('explorer.position.text', { p, n: total, phase: t(`explorer.phase.${step.phase}`), name: displayName(step.node) });
  }

  function renderGradients(answer, shown) {
    const list = $('.gradient-list');
    const out = answer.byId.get(answer.output);
    const leaves = gradientLeaves(answer, shown.grads);
    list.replaceChildren(...leaves.map((n) => {
      const li = document.createElement('li');
      li.dataset.gradOf = n.id;
      li.className = `kind-${n.kind}`;
      li.textContent = `∂${displayName(out)}/∂${displayName(n)} = ${fmtAny(n.grad)}`;
      return li;
    }));
    $('.gradients-none').hidden = leaves.length > 0;
  }

  function showWarnings(warnings) {
    const box = $('.warnings');
    box.hidden = warnings.length === 0;
    box.replaceChildren();
    if (!warnings.length) return;
    const h = document.createElement('h3');
    h.textContent = t('explorer.warnings');
    const ul = document.createElement('ul');
    for (const w of warnings) {
      const li = document.createElement('li');
      li.textContent = w.node ? `${w.node}: ${warningMessage(w)}` : warningMessage(w);
      ul.append(li);
    }
    box.append(h, ul);
  }

  // The training update's origin: where the graph comes from (run, epoch, mini-batch) and whether the
  // link reproduces it, instead of an expression or network form that did not make it.
  function renderOrigin(origin) {
    if (!origin) return;
    const text = $('.training-source-text');
    const link = $('.training-source-link');
    if (origin.pending) {
      text.textContent = t('explorer.training.loading');
      link.textContent = '';
    } else if (origin.error) {
      text.textContent = origin.error();
      link.textContent = '';
    } else {
      const { run, epoch, batch, batches, samples, loss, normalized, dropout } = origin.info;
      text.textContent = [t('explorer.training.source', { run, epoch: epoch + 1, batch: batch + 1, batches, samples, loss: fmtAny(loss) }),
        normalized ? t('explorer.training.normalized') : '', dropout ? t('explorer.training.dropout') : ''].filter(Boolean)
        .join(ctx.lang === 'zh' ? '' : ' '); // Chinese sentences end in 。 and take no space
      link.textContent = origin.info.link ? t('explorer.training.linked')
        : t(origin.info.reason === 'csv' ? 'explorer.training.notLinked.csv' : 'explorer.training.notLinked.changed');
    }
    // The update's optimiser step, written by the training view (issue 12): the graph, then the step.
    const step = $('.training-source-step');
    step.replaceChildren();
    origin.info?.renderStep?.(step);
    $('.training-source').dataset.state = origin.pending ? 'pending' : origin.error ? 'error' : origin.info.link ? 'linked' : 'unlinked';
  }

  $('.training-source-back').addEventListener('click', () => ctx.showView?.('training'));

  // --- Computing --------------------------------------------------------------------------------
  const scheduleCompute = debounce(() => compute(), DEBOUNCE_MS);

  function onEdit(input) {
    actions.edit(input);
    scheduleCompute();
  }

  async function compute() {
    const input = editor.get();
    const invalid = input.invalid ?? [];
    const seq = ++requestSeq;
    inflight?.abort();
    if (invalid.length) {
      // A variable field holds no number: say which, keep the last graph (marked stale), send nothing.
      editor.showError({ message: t('explorer.variable.notNumber', { names: invalid.join(', ') }) });
      markStale(EXPRESSION_STALE);
      setBusy(false);
      return;
    }
    const body = graphRequest(input, store.getState().variables);
    inflight = new AbortController();
    setBusy(true);
    try {
      // The op table comes with the first answer (fetched once), so the step panel's first drawing
      // already fills the node formulas with numbers. The default example's answer came with the page.
      const answered = takeGraphAnswer(body) ?? ctx.api.postJSON('/api/v1/graph', body, { signal: inflight.signal });
      const [raw] = await Promise.all([answered, loadOps()]);
      const answer = resolveAnswer(raw);
      if (seq !== requestSeq || store.getState().mode !== 'expression') return;
      editor.showError(null);
      markStale(null);
      // The engine says which names are free: their fields stay, fields of names no longer used go.
      const free = answer.nodes.filter((n) => n.kind === 'input' || n.kind === 'parameter');
      actions.learnVariables(body.source, free.map((n) => n.id));
      editor.setVariables(free.map((n) => n.id), Object.fromEntries(free.map((n) => [n.id, n.kind])));
      actions.edit(editor.get());
      actions.drawAnswer(answer);
    } catch (err) {
      if (err?.name === 'AbortError' || seq !== requestSeq) return;
      const missing = err?.detail?.code === 'missing_value' ? err.detail.params?.names : null;
      const sent = Object.keys(body.values);
      if (Array.isArray(missing) && missing.length && missing.some((n) => !sent.includes(n))) {
        // The engine listed the names without a value (in order of first use): with those sent, they
        // are the source's free names. Each gets a field (a value the learner gave before, else 1),
        // fields of names the source no longer uses go, and the graph is asked for again at once.
        const names = [...sent, ...missing.filter((n) => !sent.includes(n))];
        actions.learnVariables(body.source, names);
        editor.setVariables(names);
        actions.edit(editor.get());
        compute();
        return;
      }
      // Refused for another reason: the fields stay as they were, and the panel does not claim the
      // source has no variables (it cannot know them until the engine reads the source).
      editor.variablesUnknown();
      editor.showError(errorDetail(err), input.source);
      markStale(EXPRESSION_STALE); // the graph drawn is of the last input that worked
    } finally {
      if (seq === requestSeq) setBusy(false);
    }
  }

  /** The API's 400 detail as is; anything else becomes a message that says what to do next. */
  function errorDetail(err) {
    const status = err?.status;
    if (err instanceof Error && err.name === 'AnswerFormatError') return { message: err.message };
    if (status === 400 && err.detail && typeof err.detail === 'object') return { ...err.detail };
    if (status === 413) return { message: t('explorer.error.tooLarge') };
    if (status === 422) {
      const first = Array.isArray(err.detail) ? err.detail[0] : err.detail;
      return { message: t('explorer.error.schema', { message: first?.msg ?? first?.message ?? '' }) };
    }
    if (status === undefined) return { message: t('explorer.error.network') };
    return { message: t('explorer.error.generic', { status }) };
  }

  /** While the input (an expression with an error, a network form with a bad field) no longer matches
   *  the graph drawn, that graph is of the last input that worked: dimmed, labelled so over the graph
   *  with `text(t)`, and its warnings (about that input) gone. null clears it. The expression panel and
   *  the network form both mark it through here. */
  function markStale(text) {
    staleText = store.getState().answer?.nodes.length ? text : null;
    graphArea.classList.toggle('is-stale', Boolean(staleText));
    let label = graphArea.querySelector('.graph-stale-label');
    if (!staleText) { label?.remove(); return; }
    if (!label) {
      label = document.createElement('p');
      label.className = 'graph-stale-label';
      label.setAttribute('role', 'status');
      graphArea.prepend(label);
    }
    label.textContent = staleText(t);
    showWarnings([]);
  }

  function setBusy(busy) {
    graphArea.setAttribute('aria-busy', String(busy));
    $('.graph-busy').hidden = !busy;
  }

  // --- Expression / network ---------------------------------------------------------------------
  async function ensureNetworkForm() {
    if (!netForm) {
      const { mountNetworkForm } = await import('./network_form.js');
      // The form starts from the link's spec (then computes it), else from figure 6.18 when asked to load.
      netForm = mountNetworkForm($('.network-panel'), ctx, (resp, { spec, viewSwitch } = {}) => {
        if (store.getState().mode !== 'network') return; // the student left network mode meanwhile
        actions.submitNetwork(spec);
        actions.drawAnswer(resolveAnswer(resp), viewSwitch ? { samePoint: true } : {});
      }, { initialSpec: store.getState().net, markStale });
    }
    return netForm;
  }

  async function setMode(next, { load = true } = {}) {
    const mode = next === 'network' ? 'network' : 'expression';
    actions.chooseMode(mode);
    requestSeq++; // an answer still on its way belongs to the other mode
    if (mode === 'network') {
      const form = await ensureNetworkForm();
      const last = form.getState().response;
      // Another graph: the expression's step number means nothing here.
      if (last) {
        actions.drawAnswer(resolveAnswer(last), { keepStep: false });
        form.showStale(); // its fields may still hold what made that graph stale
      } else if (load && !store.getState().net) await form.load();
    } else {
      if (load) { actions.edit(editor.get()); compute(); }
    }
  }

  for (const b of root.querySelectorAll('.mode-button')) {
    b.addEventListener('click', () => { if (b.dataset.mode !== store.getState().mode) setMode(b.dataset.mode); });
  }

  // --- Presets ----------------------------------------------------------------------------------
  const presetList = $('.preset-list');
  for (const preset of PRESETS) {
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'preset';
    b.dataset.preset = preset.id;
    b.dataset.i18n = preset.key;
    b.textContent = t(preset.key);
    b.addEventListener('click', () => loadPreset(preset.id));
    li.append(b);
    presetList.append(li);
  }

  async function loadPreset(id) {
    const preset = presetById(id);
    actions.stopPractice();
    actions.stepTo(0);
    if (preset.network) {
      await setMode('network', { load: false });
      await netForm.load();
      return;
    }
    if (store.getState().mode !== 'expression') await setMode('expression', { load: false });
    editor.set(preset);
    actions.learnVariables(preset.source, Object.keys(preset.values ?? {})); // a preset's values are its source's
    actions.edit(editor.get());
    await compute();
  }

  // --- Toolbar: zoom and export -----------------------------------------------------------------
  /** The graph's input in link keys, for the LaTeX export and the worksheet: the expression typed or
   *  the network's spec (a training update has none). */
  function inputQuery() {
    const { mode } = store.getState();
    if (mode === 'network') return { mode: 'network', net: JSON.stringify(netForm?.getState().submitted ?? null) };
    if (mode !== 'expression') return {};
    const { source, values, parameters } = editor.get();
    return { source, values: JSON.stringify(values), params: JSON.stringify(parameters) };
  }

  $('.zoom-in').addEventListener('click', () => graph.zoomBy(1.25));
  $('.zoom-out').addEventListener('click', () => graph.zoomBy(0.8));
  $('.fit').addEventListener('click', () => graph.fitAsked());
  for (const b of root.querySelectorAll('[data-export]')) {
    b.addEventListener('click', async () => {
      const { answer } = store.getState();
      if (!answer) return;
      const name = 'backprop-graph';
      try {
        const exporter = await import('./export.js');
        if (b.dataset.export === 'svg') exporter.downloadSVG(graph.svg, `${name}.svg`);
        else if (b.dataset.export === 'png') await exporter.downloadPNG(graph.svg, `${name}.png`);
        else if (b.dataset.export === 'tex') await exporter.downloadTikz(inputQuery(), `${name}.tex`);
        else if (b.dataset.export === 'worksheet') window.open(`?${new URLSearchParams({ worksheet: '1', ...inputQuery(), ...(ctx.lang === 'en' ? {} : { lang: ctx.lang }) })}`, '_blank');
        else exporter.downloadJSON(rawAnswer(answer), `${name}.json`);
      } catch (err) {
        // A PNG of a huge drawing can exceed what the canvas accepts: say so instead of failing silently.
        ctx.announce(ctx.t('explorer.export.failed', { reason: err?.message ?? String(err) }));
      }
    });
  }

  // The frame's buttons arrive disabled (templates/views/explorer.html): wired now.
  for (const b of root.querySelectorAll('.mode-button, .view-tools button')) b.disabled = false;

  // Fit once the graph area gets a size (the view may have been hidden when the graph was drawn).
  let lastWidth = 0;
  new ResizeObserver(([entry]) => {
    const w = entry.contentRect.width;
    if (w > 0 && lastWidth === 0 && store.getState().answer) graph.fit();
    lastWidth = w;
  }).observe(graphArea);

  ctx.onLangChange?.(() => {
    const state = store.getState();
    controls.relabel();
    editor.relabel();
    renderMode(state);
    graph.refreshLanguage();
    markStale(staleText);
    if (state.answer) {
      if (!$('.graph-empty').hidden) $('.graph-empty').textContent = tooLargeText(state.answer);
      if (!staleText) showWarnings(state.answer.warnings ?? []);
      renderPosition(state, { announce: false });
    }
  });

  // --- Boot from the link -----------------------------------------------------------------------
  // The op table (GET /api/v1/ops) is fetched once, alongside the first graph: node titles take its
  // symbols and the step panel fills its node formulas with numbers. A graph that arrived first is
  // drawn again with it.
  loadOps().then((table) => {
    const state = store.getState();
    if (!table || !state.answer) return;
    renderAnswer(state);
    renderPosition(state, { announce: false });
  });
  const start = store.getState();
  editor.set(start.input);
  stepPanel.render(null, null, 0);
  renderMode(start);
  renderLinkNote(start);
  ctx.urlState.connect(store, explorerToQuery, { lazy: ['step'] });
  if (start.mode === 'training') {
    // The training view replays the run to that update (main.js asks it) and calls show().
    actions.showTraining({ pending: true }, start.trainUpdate);
  } else if (start.mode === 'network') {
    setMode('network');
  } else {
    compute();
  }

  return {
    /** The store: views that follow the explorer (practice) subscribe instead of polling.
     *  subscribe(fn(state, previous, action)) → unsubscribe; getState() → {mode, input, step, answer, …}. */
    subscribe: store.subscribe,
    getState: store.getState,
    /** Draw a response from elsewhere (other views). {source, values} fill the editor; `spec` marks a
     *  network; mode 'practice' hides the timeline and shows values only, gradients on request.
     *  `training` = {run, epoch and batch (0-based), batches, samples, loss, link: train_update value or
     *  null, reason: 'csv' | 'changed', normalized, dropout, keepStep}: one update of a training run, named in the input panel. */
    show(resp, { source, values, spec, mode: showMode, training } = {}) {
      const answer = resolveAnswer(resp);
      requestSeq++;
      if (training) {
        actions.showTraining({ info: training }, training.link);
      } else if (source !== undefined) {
        editor.set({ source, values: values ?? {} });
        actions.learnVariables(source, answer.nodes.filter((n) => n.kind === 'input' || n.kind === 'parameter').map((n) => n.id));
        actions.edit(editor.get());
      } else if (spec) {
        actions.chooseMode('network');
        actions.submitNetwork(spec);
      }
      if (showMode === 'practice') actions.practise(answer, valuesOnly(answer));
      else actions.drawAnswer(answer, { keepStep: Boolean(training?.keepStep) }); // a link's training update keeps its step=
    },
    /** The training update shown here could not be replayed (a link's run): say why, with the way back. */
    showTrainingError(text) {
      actions.trainingError(text);
    },
    /** The training settings changed (or changed back) since the update shown here was opened. */
    setTrainingLink(link, reason) {
      actions.trainingLink(link, reason);
    },
    getResponse: () => store.getState().answer,
    getSvg: () => graph.svg,
    graph, // the graph view (projector mode sets its minimum text size)
    getPosition: () => store.getState().step,
    setStep(n) {
      actions.stopPractice();
      actions.stepTo(n);
    },
    /** Practice mode: reveal one node's gradient (and optionally edge ids "target:index"). */
    revealGrad: (nodeId, edges = []) => actions.revealGrad(nodeId, edges),
    hideAllGrads: () => actions.hideAllGrads(),
    createGraphView: (container) => createGraphView(container, ctx),
  };
}
