// The explorer view: type an expression (or build a network), see its computation graph, and step
// through the forward and backward passes. This module only wires the parts together:
//   editor.js (expression + variables) · graphview.js (SVG graph) · controls.js (timeline)
//   steppanel.js (the step in words and KaTeX) · timeline.js (what a position reveals)
// The whole state lives in the URL (source, values, params, step, speed, mode; the network form keeps
// its spec in `net`; a training update shown here is `train_update` + the training view's `train_*`
// keys, replayed by the training view), so a link reproduces the page.
import { registerStrings } from '../i18n.js';
import { warningMessage } from '../i18n/engine_messages.js';
import strings from '../i18n/explorer.js';
// The step and help texts too (explorer_extra.js), so a link to any step shows words, never raw keys.
import extraStrings from '../i18n/explorer_extra.js';
import { createGraphView } from './graphview.js';
import { createControls } from './controls.js';
import { createStepPanel } from './steppanel.js';
import { createEditor } from './editor.js';
import { PRESETS, presetById } from './presets.js';
import { stateAt, clampStep, valuesOnly } from './timeline.js';
import { describeStep, displayName } from './narrate.js';
import { fmtAny } from './format.js';
import { ANSWER_FORMAT, rawAnswer, resolveAnswer } from '../answer.js';
import { withNamedOutput, sanitizeValues } from './sourcevars.js';

registerStrings(strings);
registerStrings(extraStrings);

export const DEBOUNCE_MS = 250; // recompute this long after the last keystroke
// Above this many nodes the SVG would take many seconds to build and be unreadable at any zoom: the
// timeline, step explanations and gradients still work, the picture is left out.
export const MAX_DRAWN_NODES = 5000;
// The same for edges: x + x + … + x (a 100,000-character paste) is 2 nodes and 50,000 parallel edges,
// whose SVG paths kept Chromium busy for ~40 s. A 5,000-node graph has about this many.
export const MAX_DRAWN_EDGES = 10000;
const edgeCount = (resp) => resp.edges.length;
const EMPTY_GRAPH = resolveAnswer({ format: ANSWER_FORMAT, output: null, nodes: [], edges: [], steps: [] });
// Servers refuse request lines above about 64 KB (a reload after pasting 100,000 characters was a
// bare "400 Bad Request" page): an input whose link would be longer stays out of it, and says so.
export const MAX_LINK_INPUT_CHARS = 16000;
const URL_STEP_DELAY_MS = 400; // browsers throttle history updates, so playback writes step= lazily

const SKELETON = `
<div class="explorer">
  <aside class="explorer-input" aria-labelledby="explorer-input-title">
    <h2 id="explorer-input-title" data-i18n="explorer.input"></h2>
    <div class="mode-switch" role="group" data-i18n-aria-label="explorer.mode">
      <button type="button" class="mode-button" data-mode="expression" data-i18n="explorer.mode.expression"></button>
      <button type="button" class="mode-button" data-mode="network" data-i18n="explorer.mode.network"></button>
    </div>
    <div class="expression-panel"></div>
    <div class="network-panel" hidden></div>
    <section class="training-source" hidden aria-labelledby="explorer-training-title">
      <h3 id="explorer-training-title" data-i18n="explorer.training.title"></h3>
      <p class="training-source-text" role="status"></p>
      <p class="training-source-link"></p>
      <div class="training-source-step"></div>
      <button type="button" class="training-source-back" data-i18n="explorer.training.back"></button>
    </section>
    <section class="presets" aria-labelledby="explorer-presets-title">
      <h3 id="explorer-presets-title" data-i18n="explorer.presets"></h3>
      <ul class="preset-list"></ul>
    </section>
    <div class="warnings" role="status" hidden></div>
  </aside>
  <div class="explorer-main">
    <div class="toolbar" role="group" data-i18n-aria-label="explorer.toolbar">
      <div class="timeline"></div>
      <div class="view-tools">
        <button type="button" class="tool zoom-out" data-i18n-aria-label="explorer.zoomOut" data-i18n-title="explorer.zoomOut"><span aria-hidden="true">−</span></button>
        <button type="button" class="tool zoom-in" data-i18n-aria-label="explorer.zoomIn" data-i18n-title="explorer.zoomIn"><span aria-hidden="true">+</span></button>
        <button type="button" class="tool fit" data-i18n="explorer.fit"></button>
        <span class="tool-sep" aria-hidden="true"></span>
        <button type="button" class="tool export" data-export="svg" data-i18n="explorer.export.svg" data-i18n-aria-label="explorer.export.svgLabel"></button>
        <button type="button" class="tool export" data-export="png" data-i18n="explorer.export.png" data-i18n-aria-label="explorer.export.pngLabel"></button>
        <button type="button" class="tool export" data-export="json" data-i18n="explorer.export.json" data-i18n-aria-label="explorer.export.jsonLabel"></button>
        <button type="button" class="tool export" data-export="tex" data-i18n="explorer.export.tex" data-i18n-aria-label="explorer.export.texLabel"></button>
        <button type="button" class="tool export" data-export="worksheet" data-i18n="explorer.export.worksheet" data-i18n-aria-label="explorer.export.worksheetLabel"></button>
      </div>
    </div>
    <div class="graph-area">
      <p class="graph-empty" data-i18n="explorer.graph.empty"></p>
      <p class="graph-busy" hidden data-i18n="explorer.loading"></p>
    </div>
    <ul class="legend" data-i18n-aria-label="explorer.legend">
      <li><span class="swatch swatch-value" aria-hidden="true"></span><span data-i18n="explorer.legend.value"></span></li>
      <li><span class="swatch swatch-grad" aria-hidden="true"></span><span data-i18n="explorer.legend.grad"></span></li>
      <li><span class="swatch swatch-param" aria-hidden="true"></span><span data-i18n="explorer.legend.param"></span></li>
      <li><span class="swatch swatch-current" aria-hidden="true"></span><span data-i18n="explorer.legend.current"></span></li>
    </ul>
    <div class="explorer-below">
      <section class="step-panel" aria-labelledby="explorer-step-title">
        <h2 id="explorer-step-title" class="visually-hidden" data-i18n="explorer.step.title"></h2>
        <div class="step-body"></div>
      </section>
      <section class="gradients" aria-labelledby="explorer-gradients-title">
        <h2 id="explorer-gradients-title" data-i18n="explorer.gradients"></h2>
        <ul class="gradient-list"></ul>
        <p class="gradients-none" data-i18n="explorer.gradients.none"></p>
      </section>
    </div>
  </div>
</div>`;

function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

const parseJSON = (text, fallback) => {
  if (text === undefined || text === null || text === '') return fallback;
  try { return JSON.parse(text); } catch { return fallback; }
};

export function mount(root, ctx) {
  root.innerHTML = SKELETON;
  let response = null;
  let position = 0;
  let mode = 'expression'; // expression | network | training (a graph opened from the training lab)
  let origin = null; // while mode is 'training': {info} | {pending: true} | {error: () => text}
  let practice = null; // {values, grads, edges} while another view drives the reveal (mode 'practice')
  let netForm = null;
  let requestSeq = 0;
  let inflight = null;
  const $ = (sel) => root.querySelector(sel);
  const { t } = ctx;
  const graphArea = $('.graph-area');
  const graph = createGraphView(graphArea, ctx);
  const stepPanel = createStepPanel($('.step-body'), ctx);
  const editor = createEditor($('.expression-panel'), ctx, { onEdit });
  const controls = createControls($('.timeline'), ctx, {
    onChange: (p) => { position = p; applyPosition({ announce: true }); },
    describe: describePosition,
  });

  // --- Computing --------------------------------------------------------------------------------
  const scheduleCompute = debounce(() => compute(), DEBOUNCE_MS);

  function onEdit(input) {
    writeInputToUrl(input);
    scheduleCompute();
  }

  function writeInputToUrl({ source, values, parameters }) {
    const input = { source, values: JSON.stringify(values), params: parameters.length ? JSON.stringify(parameters) : null };
    const length = Object.values(input).reduce((sum, v) => sum + (v ? encodeURIComponent(v).length : 0), 0);
    const fits = length <= MAX_LINK_INPUT_CHARS;
    ctx.urlState.update({ ...(fits ? input : { source: null, values: null, params: null }), net: null, mode: null });
    editor.setLinkNote(fits ? null : (tr) => tr('explorer.link.tooLong', { length, max: MAX_LINK_INPUT_CHARS }));
  }

  async function compute() {
    const input = editor.get();
    const seq = ++requestSeq;
    inflight?.abort();
    if (input.invalid?.length) {
      // A variable field holds no number: say which, keep the last graph (marked stale), send nothing.
      editor.showError({ message: t('explorer.variable.notNumber', { names: input.invalid.join(', ') }) });
      graphArea.classList.add('is-stale');
      setBusy(false);
      return;
    }
    inflight = new AbortController();
    setBusy(true);
    const sent = withNamedOutput(input.source);
    try {
      const resp = await ctx.api.postJSON('/api/v1/graph',
        { source: sent.source, values: input.values, parameters: input.parameters }, { signal: inflight.signal });
      if (seq !== requestSeq || mode !== 'expression') return;
      editor.showError(null);
      graphArea.classList.remove('is-stale');
      const free = resp.nodes.filter((n) => n.kind === 'input' || n.kind === 'parameter');
      editor.setVariables(free.map((n) => n.id), Object.fromEntries(free.map((n) => [n.id, n.kind])));
      draw(resp);
    } catch (err) {
      if (err?.name === 'AbortError' || seq !== requestSeq) return;
      const detail = errorDetail(err);
      if (detail.column) detail.column = sent.column(detail.line, detail.column);
      editor.showError(detail, input.source);
      graphArea.classList.add('is-stale'); // the graph drawn is of the last input that worked
    } finally {
      if (seq === requestSeq) setBusy(false);
    }
  }

  /** The API's 400 detail as is; anything else becomes a message that says what to do next. */
  function errorDetail(err) {
    const status = err?.status;
    if (status === 400 && err.detail && typeof err.detail === 'object') return { ...err.detail };
    if (status === 413) return { message: t('explorer.error.tooLarge') };
    if (status === 422) {
      const first = Array.isArray(err.detail) ? err.detail[0] : err.detail;
      return { message: t('explorer.error.schema', { message: first?.msg ?? first?.message ?? '' }) };
    }
    if (status === undefined) return { message: t('explorer.error.network') };
    return { message: t('explorer.error.generic', { status }) };
  }

  function setBusy(busy) {
    graphArea.setAttribute('aria-busy', String(busy));
    $('.graph-busy').hidden = !busy;
  }

  // --- Drawing and stepping ---------------------------------------------------------------------
  function draw(answer, { keepStep = true } = {}) {
    const start = performance.now();
    const resp = resolveAnswer(answer);
    response = resp;
    const drawable = resp.nodes.length <= MAX_DRAWN_NODES && edgeCount(resp) <= MAX_DRAWN_EDGES;
    $('.graph-empty').hidden = drawable;
    $('.graph-empty').textContent = drawable ? '' : tooLargeText(resp);
    graph.render(drawable ? resp : EMPTY_GRAPH);
    controls.setTotal(resp);
    position = practice ? 0 : clampStep(keepStep ? position : 0, resp);
    controls.setPosition(position);
    showWarnings(resp.warnings ?? []);
    applyPosition({ announce: false });
    // "explorer:draw" spans layout, DOM work and the first paint (the task after the next frame);
    // benchmarks/bench_browser.py reads it.
    requestAnimationFrame(() => setTimeout(() => {
      performance.measure('explorer:draw', { start, end: performance.now(), detail: { nodes: resp.nodes.length, layout: graph.engine } });
    }, 0));
  }

  function tooLargeText(resp) {
    return resp.nodes.length > MAX_DRAWN_NODES
      ? t('explorer.graph.tooLarge', { count: resp.nodes.length, max: MAX_DRAWN_NODES })
      : t('explorer.graph.tooManyEdges', { count: edgeCount(resp), max: MAX_DRAWN_EDGES });
  }

  function applyPosition({ announce }) {
    if (!response) return;
    const state = practice ?? stateAt(response, position);
    graph.setRevealed(state);
    stepPanel.render(practice ? null : response, state.current, position);
    renderGradients(state);
    writeStepToUrl();
    if (announce) ctx.announce(describeStep(state.current, response, t));
  }

  const writeStepToUrl = debounce(() => ctx.urlState.update({ step: position ? String(position) : null }), URL_STEP_DELAY_MS);

  function describePosition(p) {
    if (!response) return '';
    const total = response.steps.length;
    const step = p > 0 ? response.steps[p - 1] : null;
    if (!step) return t('explorer.position', { p, n: total });
    return t('explorer.position.text', { p, n: total, phase: t(`explorer.phase.${step.phase}`), name: displayName(step.node) });
  }

  function renderGradients(state) {
    const list = $('.gradient-list');
    const out = response.nodes.find((n) => n.id === response.output);
    const leaves = response.nodes.filter((n) => (n.kind === 'input' || n.kind === 'parameter') && state.grads.has(n.id));
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

  // --- Expression / network ---------------------------------------------------------------------
  async function ensureNetworkForm() {
    if (!netForm) {
      const { mountNetworkForm } = await import('./network_form.js');
      netForm = mountNetworkForm($('.network-panel'), ctx, (resp) => {
        if (mode !== 'network') return;
        ctx.urlState.update({ source: null, values: null, params: null, mode: 'network' });
        practice = null;
        draw(resp);
      });
    }
    return netForm;
  }

  async function setMode(next, { load = true } = {}) {
    if (mode === 'training') leaveTraining();
    mode = next === 'network' ? 'network' : 'expression';
    for (const b of root.querySelectorAll('.mode-button')) b.setAttribute('aria-pressed', String(b.dataset.mode === mode));
    $('.expression-panel').hidden = mode !== 'expression';
    $('.network-panel').hidden = mode !== 'network';
    requestSeq++; // an answer still on its way belongs to the other mode
    if (mode === 'network') {
      ctx.urlState.update({ mode: 'network', source: null, values: null, params: null });
      const form = await ensureNetworkForm();
      const last = form.getState().response;
      if (last) draw(last, { keepStep: false }); // another graph: the expression's step number means nothing here
      else if (load && !ctx.urlState.get().net) await form.load();
    } else {
      ctx.urlState.update({ mode: null, net: null });
      if (load) { writeInputToUrl(editor.get()); compute(); }
    }
  }

  for (const b of root.querySelectorAll('.mode-button')) b.addEventListener('click', () => { if (b.dataset.mode !== mode) setMode(b.dataset.mode); });

  // --- A graph from the training lab ------------------------------------------------------------
  // The input panel says where the graph comes from (run, epoch, mini-batch) and whether the link
  // reproduces it, instead of showing an expression or network form that did not make it.
  function enterTraining(next) {
    mode = 'training';
    origin = next;
    requestSeq++; // an expression or network answer still on its way must not replace this graph
    for (const b of root.querySelectorAll('.mode-button')) b.setAttribute('aria-pressed', 'false');
    $('.expression-panel').hidden = true;
    $('.network-panel').hidden = true;
    $('.training-source').hidden = false;
    ctx.urlState.update({ source: null, values: null, params: null, net: null, mode: null,
      train_update: next.info ? next.info.link : next.pending ? ctx.urlState.get().train_update : null });
    renderOrigin();
  }

  function leaveTraining() {
    origin = null;
    $('.training-source').hidden = true;
    ctx.urlState.update({ train_update: null });
  }

  function renderOrigin() {
    if (mode !== 'training' || !origin) return;
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
    practice = null;
    position = 0;
    controls.setPosition(0);
    if (preset.network) {
      await setMode('network', { load: false });
      await netForm.load();
      return;
    }
    if (mode !== 'expression') await setMode('expression', { load: false });
    editor.set(preset);
    writeInputToUrl(editor.get());
    await compute();
  }

  // --- Toolbar: zoom and export -----------------------------------------------------------------
  /** The graph's input in link keys, for the LaTeX export and the worksheet: the expression typed or
   *  the network's spec (a training update has none). */
  function inputQuery() {
    if (mode === 'network') return { mode: 'network', net: JSON.stringify(netForm?.getState().submitted ?? null) };
    if (mode !== 'expression') return {};
    const { source, values, parameters } = editor.get();
    return { source, values: JSON.stringify(values), params: JSON.stringify(parameters) };
  }

  $('.zoom-in').addEventListener('click', () => graph.zoomBy(1.25));
  $('.zoom-out').addEventListener('click', () => graph.zoomBy(0.8));
  $('.fit').addEventListener('click', () => graph.fit());
  for (const b of root.querySelectorAll('[data-export]')) {
    b.addEventListener('click', async () => {
      if (!response) return;
      const name = 'backprop-graph';
      try {
        const exporter = await import('./export.js');
        if (b.dataset.export === 'svg') exporter.downloadSVG(graph.svg, `${name}.svg`);
        else if (b.dataset.export === 'png') await exporter.downloadPNG(graph.svg, `${name}.png`);
        else if (b.dataset.export === 'tex') await exporter.downloadTikz(inputQuery(), `${name}.tex`);
        else if (b.dataset.export === 'worksheet') window.open(`?${new URLSearchParams({ worksheet: '1', ...inputQuery(), ...(ctx.lang === 'en' ? {} : { lang: ctx.lang }) })}`, '_blank');
        else exporter.downloadJSON(rawAnswer(response), `${name}.json`);
      } catch (err) {
        // A PNG of a huge drawing can exceed what the canvas accepts: say so instead of failing silently.
        ctx.announce(ctx.t('explorer.export.failed', { reason: err?.message ?? String(err) }));
      }
    });
  }

  // Fit once the graph area gets a size (the view may have been hidden when the graph was drawn).
  let lastWidth = 0;
  new ResizeObserver(([entry]) => {
    const w = entry.contentRect.width;
    if (w > 0 && lastWidth === 0 && response) graph.fit();
    lastWidth = w;
  }).observe(graphArea);

  ctx.onLangChange?.(() => {
    controls.relabel();
    editor.relabel();
    renderOrigin();
    graph.refreshLanguage();
    if (response) {
      if (!$('.graph-empty').hidden) $('.graph-empty').textContent = tooLargeText(response);
      showWarnings(response.warnings ?? []);
      applyPosition({ announce: false });
    }
  });

  // --- Boot from the URL ------------------------------------------------------------------------
  const query = ctx.urlState.get();
  position = Math.max(0, Math.trunc(Number(query.step)) || 0);
  if (query.train_update) {
    // The training view replays the run to that update (main.js asks it) and calls show(). The
    // editor gets the textbook example, for when the user switches to Expression.
    editor.set(presetById('fig615'));
    enterTraining({ pending: true });
  } else if (query.mode === 'network' || query.net) {
    setMode('network');
  } else {
    const fallback = presetById('fig615');
    editor.set(query.source !== undefined
      ? { source: query.source, values: sanitizeValues(parseJSON(query.values, {})),
        parameters: [].concat(parseJSON(query.params, [])).filter((p) => typeof p === 'string') }
      : fallback);
    setMode('expression', { load: false });
    compute();
  }

  return {
    /** Draw a response from elsewhere (other views). {source, values} fill the editor; `spec` marks a
     *  network; mode 'practice' hides the timeline and shows values only, gradients on request.
     *  `training` = {run, epoch and batch (0-based), batches, samples, loss, link: train_update value or
     *  null, reason: 'csv' | 'changed', normalized, dropout, keepStep}: one update of a training run, named in the input panel. */
    show(resp, { source, values, spec, mode: showMode, training } = {}) {
      practice = showMode === 'practice' ? valuesOnly(resp) : null;
      root.classList.toggle('is-practice', Boolean(practice));
      if (training) {
        enterTraining({ info: training });
      } else if (source !== undefined) {
        if (mode !== 'expression') setMode('expression', { load: false });
        editor.set({ source, values: values ?? {} });
        writeInputToUrl(editor.get());
      } else if (spec) {
        if (mode === 'training') leaveTraining();
        mode = 'network';
        ctx.urlState.update({ mode: 'network', source: null, values: null, params: null, net: JSON.stringify(spec) });
      }
      requestSeq++;
      draw(resp, { keepStep: Boolean(training?.keepStep) }); // a link's training update keeps its step=
    },
    /** The training update shown here could not be replayed (a link's run): say why, with the way back. */
    showTrainingError(text) {
      if (mode === 'training') { origin = { error: text }; renderOrigin(); }
    },
    /** The training settings changed (or changed back) since the update shown here was opened. */
    setTrainingLink(link, reason) {
      if (mode !== 'training' || !origin?.info) return;
      origin = { info: { ...origin.info, link, reason } };
      ctx.urlState.update({ train_update: link });
      renderOrigin();
    },
    getResponse: () => response,
    getSvg: () => graph.svg,
    graph, // the graph view (projector mode sets its minimum text size)
    getPosition: () => position,
    setStep(n) {
      practice = null;
      root.classList.remove('is-practice');
      position = clampStep(n, response);
      controls.setPosition(position);
      applyPosition({ announce: true });
    },
    /** Practice mode: reveal one node's gradient (and optionally edge ids "target:index"). */
    revealGrad(nodeId, edges = []) {
      if (!practice) return;
      practice.grads.add(nodeId);
      for (const e of edges) practice.edges.add(e);
      applyPosition({ announce: false });
    },
    hideAllGrads() {
      if (!practice) return;
      practice.grads.clear();
      practice.edges.clear();
      applyPosition({ announce: false });
    },
    createGraphView: (container) => createGraphView(container, ctx),
  };
}
