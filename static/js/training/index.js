// The training lab: pick data, set up a network and its hyperparameters, train it with live loss and
// accuracy curves and the decision boundary, step through single mini-batch updates and open one
// in the explorer; optionally train a second configuration B side by side.
import { applyStatic, registerStrings } from '../i18n.js';
import strings from '../i18n/training.js';
import { errorHint, errorMessage, warningMessage } from '../i18n/engine_messages.js';
import { TEMPLATE } from './template.js';
import { B_DEFAULTS, ConfigError, DEFAULTS, OPTIMIZER_DEFAULTS, OPTIMIZER_PARAMS, configB, csvForLink, csvShape,
  describeOptimizer, fromURL, parseUpdateKey, sameRequest, switchOptimizer, toRequest, toURL, updateKey } from './config.js';
import { DATA_KEYS, fieldElement, readForm, showDependent, writeForm, writeKeys } from './form.js';
import { controlRun, streamTraining } from './stream.js';
import { createCurves, formatValue } from './curves.js';
import { createScatter } from './scatter.js';
import { firstCursor, largestChange, lastCursor, nextCursor, renderOptimizerStep, renderUpdate } from './update_view.js';
import { duration } from './palette.js';

registerStrings(strings);

// Announce progress at these fractions of the run (a screen reader can't follow every epoch).
const ANNOUNCE_AT = [0.25, 0.5, 0.75];

export function mount(root, ctx) {
  const { t } = ctx;
  root.innerHTML = TEMPLATE;
  root.classList.add('view-training');
  const $ = (sel) => root.querySelector(sel);
  const scatter = { A: createScatter($('#train-scatter-A'), { t, run: 'A' }), B: createScatter($('#train-scatter-B'), { t, run: 'B' }) };
  const lossChart = createCurves($('#train-loss-chart'), { metric: 'loss', t });
  const accChart = createCurves($('#train-acc-chart'), { metric: 'accuracy', t });

  const initial = fromURL(ctx.urlState.get());
  writeForm(root, initial.a, initial.b);
  // A small CSV travels in the link (csvForLink); a larger one has to be pasted again.
  if (initial.a.dataset === 'csv') $('#train-csv').value = ctx.urlState.get().train_csv ?? '';
  applyStatic(root);

  const state = {
    data: null, // {x, y, features, labels} of the current data (POST /api/v1/train/data)
    runs: {}, // run name → {history, result, runId, epochs, announced}
    controller: null, // AbortController of the current training streams
    status: 'idle', // idle | running | paused | done
    cursor: null, // {epoch, batch} of the update shown in the table
    update: null, // that update's response (POST /api/v1/train/step)
    updateBody: null, // the request body (configuration A) that update was replayed from
    shown: null, // {body, key} of the update the explorer shows
    batches: null,
    statusKey: ['training.status.idle', {}],
    optimizer: { A: initial.a.optimizer, B: initial.b.optimizer }, // to notice a switch
    lrTyped: { A: false, B: false }, // has the user typed a learning rate of their own?
  };
  const optimizerName = (name) => t(`training.opt.${name}`);

  // ---------- messages ----------
  // `key` is an i18n key, or a function giving the text (re-run when the language changes).
  function setStatus(key, params = {}) {
    state.statusKey = [key, params];
    $('#train-status').textContent = typeof key === 'function' ? key() : t(key, params);
  }
  // The words for an error: a form field's (named by its label), a schema refusal or the API's detail.
  function errorText(err, run) {
    if (err instanceof ConfigError) {
      const text = t(err.key, err.params);
      const input = fieldElement(root, err.field, run);
      const label = input && root.querySelector(`label[for="${input.id}"]`)?.textContent;
      return label ? t('training.err.field', { field: label, message: text }) : text;
    }
    if (err.status === 422 && Array.isArray(err.detail)) {
      return `${t('training.err.schema')} ${err.detail.map((d) => `${d.loc.slice(1).join('.')}: ${d.msg}`).join('; ')}`;
    }
    const d = err.detail ?? {};
    return [d.message ? errorMessage(d) : err.message, errorHint(d)].filter(Boolean).join(' ');
  }
  function showError(err, run) {
    const box = $('#train-error');
    for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    if (!err) { box.hidden = true; box.textContent = ''; return; }
    // Name the field ("β2 (2nd moment): use a number from 0 up to, but not including, 1.") and
    // mark it, so the message says what to fix even before the eye finds the focused field.
    const text = errorText(err, run);
    if (err instanceof ConfigError) {
      const input = fieldElement(root, err.field, run);
      input?.setAttribute('aria-invalid', 'true');
      input?.focus();
    }
    box.textContent = (run && state.compare ? `${t('training.run', { run })}: ` : '') + text;
    box.hidden = false;
  }

  // ---------- data ----------
  let dataToken = 0;
  let dataReady = null; // the first loadData(), awaited before replaying a link's update
  async function loadData() {
    const { a, csv } = readForm(root);
    const token = ++dataToken;
    const body = a.dataset === 'csv'
      ? (csv.trim() ? { csv } : null)
      : { dataset: { name: a.dataset, n: Number(a.n), noise: a.noise === '' ? null : Number(a.noise), seed: Number(a.dataSeed) } };
    // A 'change' event after an 'input' one (or a blur) asks for the same data again: keep what is
    // drawn, boundary included.
    const signature = JSON.stringify(body);
    if (signature === state.dataSignature) return;
    state.dataSignature = signature;
    if (!body) { state.data = null; scatter.A.setData(null); scatter.B.setData(null); return; }
    try {
      const data = await ctx.api.postJSON('/api/v1/train/data', body);
      if (token !== dataToken) return;
      state.data = data;
      for (const s of Object.values(scatter)) { s.setData(data); s.setBoundary(null); }
      showError(null);
    } catch (err) {
      if (token === dataToken) { state.dataSignature = null; showError(err); }
    }
  }

  function dataShape() {
    if (state.data) return { features: state.data.features, labels: state.data.labels };
    const { a, csv } = readForm(root);
    if (a.dataset === 'csv') {
      const shape = csvShape(csv);
      return shape ? { features: shape.features, labels: shape.labels } : { features: 2, labels: [0, 1] };
    }
    return { features: 2, labels: [0, 1] };
  }

  function requests() {
    const { a, b, csv } = readForm(root);
    const shape = dataShape();
    const out = { A: toRequest(a, shape, csv) };
    if (a.compare) {
      try { out.B = toRequest(configB(a, b), shape, csv); } catch (err) { err.run = 'B'; throw err; }
    }
    return out;
  }

  // ---------- charts ----------
  function drawCurves() {
    const runs = Object.fromEntries(Object.entries(state.runs).map(([k, r]) => [k, r.history]));
    const planned = Number(readForm(root).a.epochs) || 1;
    const epochs = Math.max(1, ...Object.values(state.runs).map((r) => r.epochs), Object.keys(state.runs).length ? 1 : planned);
    lossChart.update(runs, epochs);
    accChart.update(runs, epochs);
    drawLegend();
  }
  // The optimiser and settings a run was sent with: "Adam η=0.03 β1=0.9 β2=0.999 ε=1e-8".
  const runOptimizer = (run) => describeOptimizer(state.runs[run]?.body?.optimizer, optimizerName);
  function drawLegend() {
    const legend = $('#train-legend');
    legend.replaceChildren();
    for (const run of Object.keys(state.runs)) {
      const group = document.createElement('span');
      group.className = 'legend-group';
      const head = document.createElement('span');
      head.className = `legend-run run-${run}`;
      head.dataset.run = run;
      head.textContent = t('training.legend.run', { run, optimizer: runOptimizer(run) });
      group.append(head);
      for (const split of ['train', 'dev']) {
        const item = document.createElement('span');
        item.className = `legend-item ${split} run-${run}`;
        item.textContent = t(`training.series.${split}`, { run });
        group.append(item);
      }
      legend.append(group);
    }
    $('#train-scatter-A-caption').textContent = t('training.scatter.caption', { run: 'A' });
    $('#train-scatter-B-caption').textContent = t('training.scatter.caption', { run: 'B' });
  }

  function progress() {
    const runs = Object.values(state.runs);
    if (!runs.length) return 0;
    return runs.reduce((s, r) => s + r.history.length / r.epochs, 0) / runs.length;
  }
  function drawProgress() {
    const p = progress();
    $('#train-progress').value = p;
    const last = state.runs.A?.history.at(-1);
    if (state.status === 'running' && last) {
      setStatus('training.status.running', { epoch: last.epoch, epochs: state.runs.A.epochs, loss: formatValue(Number(last.train_loss)) });
    }
  }

  function setButtons() {
    const busy = state.status === 'running' || state.status === 'paused';
    $('#train-run').disabled = busy;
    $('#train-pause').disabled = !busy;
    $('#train-pause').textContent = t(state.status === 'paused' ? 'training.resume' : 'training.pause');
    $('#train-step').disabled = state.status === 'running';
    root.dataset.status = state.status;
    drawShowButton();
  }

  // ---------- which update "Show" opens ----------
  // The update in the table (stepped to, or opened before); else, after (or paused in) a run, the
  // last update that run took. Nothing before either: the button is disabled and says why.
  function showTarget() {
    if (state.status === 'running') return null;
    if (state.update) return { kind: 'this', cursor: { epoch: state.update.epoch, batch: state.update.batch }, body: state.updateBody };
    const r = state.runs.A;
    const done = r?.history.length ?? 0;
    if (!done) return null;
    return { kind: 'last', epochsDone: done, body: r.body, batches: batchesOf(r) };
  }
  // Mini-batches per epoch of a finished run, from its training split; null while it is unknown.
  function batchesOf(r) {
    const n = r.result?.data?.train?.index?.length;
    if (!n) return null;
    return r.body.batch_size ? Math.ceil(n / r.body.batch_size) : 1;
  }
  function drawShowButton() {
    const button = $('#train-show');
    const target = showTarget();
    button.disabled = !target;
    let label = t('training.show');
    if (target?.kind === 'this') label = t('training.show.this', { epoch: target.cursor.epoch + 1, batch: target.cursor.batch + 1 });
    else if (target?.kind === 'last') label = t('training.show.this', { epoch: 1, batch: 1 }); // the run's first update
    button.textContent = label;
    button.title = target ? '' : t('training.show.none');
  }

  // ---------- training ----------
  async function train() {
    let bodies;
    try { bodies = requests(); } catch (err) {
      if (err instanceof ConfigError) { showError(err, err.run); return; }
      throw err;
    }
    stopStreams();
    showError(null);
    state.runs = {};
    state.cursor = null;
    state.update = null;
    state.updateBody = null;
    $('#train-update').hidden = true;
    for (const s of Object.values(scatter)) s.setBoundary(null);
    for (const [run, body] of Object.entries(bodies)) state.runs[run] = { history: [], result: null, runId: null, epochs: body.epochs, announced: 0, body };
    state.status = 'running';
    setButtons();
    drawCurves();
    const controller = new AbortController();
    state.controller = controller;
    ctx.announce(t('training.announce.start'));
    const results = await Promise.allSettled(Object.entries(bodies).map(([run, body]) => streamTraining(body, {
      signal: controller.signal,
      onEvent: (event, data) => onEvent(run, event, data),
    }).catch((err) => { err.run = run; throw err; })));
    if (state.controller !== controller) return; // reset or a new run took over
    state.controller = null;
    const failed = results.find((r) => r.status === 'rejected' && r.reason?.name !== 'AbortError');
    if (failed) showError(failed.reason, failed.reason.run);
    finish();
  }

  function onEvent(run, event, data) {
    const r = state.runs[run];
    if (!r) return;
    if (event === 'start') r.runId = data.run_id;
    else if (event === 'progress') {
      r.history.push(...data.history);
      drawCurves();
      drawProgress();
      drawShowButton(); // epochs still arriving after a pause change which update is the last one
      const fraction = r.history.length / r.epochs;
      while (run === 'A' && r.announced < ANNOUNCE_AT.length && fraction >= ANNOUNCE_AT[r.announced]) {
        const last = r.history.at(-1);
        ctx.announce(t('training.announce.progress', { percent: Math.round(ANNOUNCE_AT[r.announced] * 100), loss: formatValue(Number(last.train_loss)) }));
        r.announced += 1;
      }
    } else if (event === 'result') {
      r.result = data;
      r.history = data.history;
      if (data.data) {
        const points = pointsOf(data.data);
        scatter[run].setData(points);
      }
      scatter[run].setBoundary(data.decision_boundary);
      drawCurves();
      if (data.warnings?.length) showError({ message: data.warnings.map((w) => warningMessage(w)).join(' ') }, run);
    } else if (event === 'error') {
      const err = new Error(data.detail?.message);
      err.detail = data.detail;
      showError(err, run);
    }
  }

  // The result's train and dev points, in sample order, with the dev ones marked (drawn hollow).
  function pointsOf(data) {
    const x = [];
    const y = [];
    const dev = [];
    for (const split of ['train', 'dev']) {
      const part = data[split];
      part.index.forEach((sample, k) => {
        x[sample] = part.x[k];
        y[sample] = part.y[k];
        if (split === 'dev') dev.push(sample);
      });
    }
    return { x, y, dev };
  }

  // "Done: 150 epochs · train loss 0.13 · train accuracy 95.6 %", per run when comparing.
  function summary(run) {
    const r = state.runs[run];
    const last = r?.history.at(-1);
    if (!r?.result || !last) return null;
    const key = r.result.cancelled ? 'training.status.stopped' : 'training.status.done';
    const accuracy = last.train_accuracy === null ? '–' : `${Math.round(last.train_accuracy * 1000) / 10} %`;
    const text = t(key, { epoch: last.epoch, loss: formatValue(Number(last.train_loss)), accuracy });
    return Object.keys(state.runs).length > 1 ? `${t('training.run.with', { run, optimizer: runOptimizer(run) })}: ${text}` : text;
  }

  function finish() {
    const anyResult = Object.values(state.runs).some((r) => r.result);
    state.status = anyResult ? 'done' : 'idle';
    setButtons();
    $('#train-progress').value = progress();
    if (anyResult) {
      const text = () => Object.keys(state.runs).map(summary).filter(Boolean).join(' — ');
      setStatus(text);
      ctx.announce(text());
    } else setStatus('training.status.idle');
  }

  function stopStreams() {
    if (state.controller) { state.controller.abort(); state.controller = null; }
  }

  async function pauseOrResume() {
    const action = state.status === 'paused' ? 'resume' : 'pause';
    state.status = action === 'pause' ? 'paused' : 'running';
    setButtons();
    await Promise.all(Object.values(state.runs).filter((r) => r.runId && !r.result).map((r) => controlRun(r.runId, action)));
    if (action === 'pause') setStatus('training.status.paused', { epoch: state.runs.A?.history.length ?? 0 });
    ctx.announce(t(action === 'pause' ? 'training.announce.paused' : 'training.announce.resumed'));
  }

  function reset() {
    stopStreams();
    state.runs = {};
    state.status = 'idle';
    state.cursor = null;
    state.update = null;
    state.updateBody = null;
    $('#train-update').hidden = true;
    $('#train-progress').value = 0;
    for (const s of Object.values(scatter)) s.setBoundary(null);
    if (state.data) for (const s of Object.values(scatter)) s.setData(state.data);
    drawCurves();
    setButtons();
    showError(null);
    setStatus('training.status.idle');
    ctx.announce(t('training.announce.reset'));
  }

  // ---------- one update ----------
  // Replays configuration `body` to update `cursor` ({epoch, batch}, 0-based) and shows it in the
  // table. The run needs at least cursor.epoch + 1 epochs for the server to accept the cursor.
  async function fetchUpdate(body, cursor) {
    const response = await ctx.api.postJSON('/api/v1/train/step', { ...body, epochs: Math.max(body.epochs, cursor.epoch + 1), ...cursor });
    state.cursor = { epoch: response.epoch ?? cursor.epoch, batch: response.batch ?? cursor.batch };
    state.batches = response.batches ?? state.batches;
    state.update = response;
    state.updateBody = body;
    showError(null);
    renderUpdate($('#train-update'), response, t, updateNav());
    drawShowButton();
    return response;
  }

  // "Took one update: epoch 1, mini-batch 2 of 7 (32 samples, loss before it 0.69). It moved W1[3,2]
  // most (by −0.031); the table below lists every parameter."
  function steppedStatus(response) {
    const change = largestChange(response.table);
    const params = { epoch: response.epoch + 1, batch: response.batch + 1, batches: response.batches,
      samples: response.samples?.length ?? '?', loss: formatValue(Number(response.loss)) };
    const run = state.runs.A;
    const parts = [t('training.status.stepped', params)];
    if (run?.history.length && response.epoch >= run.history.length) parts.push(t('training.status.beyondRun', { epochs: run.history.length }));
    if (change) parts.push(t('training.status.change', { parameter: change.name, update: formatValue(change.update) }));
    return parts.join(' ');
  }

  async function step() {
    let body;
    try { body = requests().A; } catch (err) { showError(err, err.run); return null; }
    // While paused or after a run, the next update is the first of the next epoch.
    const done = state.runs.A?.history.length ?? 0;
    const cursor = nextCursor(state.cursor, state.batches, done);
    try {
      const response = await fetchUpdate(body, cursor);
      setStatus(() => steppedStatus(response));
      $('#train-update').scrollIntoView({ block: 'nearest', behavior: duration() ? 'smooth' : 'auto' });
      ctx.announce(`${$('#train-update-title').textContent}. ${$('#train-update-summary').textContent}`);
      return response;
    } catch (err) {
      showError(err);
      return null;
    }
  }

  // The request configuration A the page's link reproduces (the train_* keys, with the CSV if it is
  // in the link), or null when the link cannot make a request (e.g. its CSV was too large).
  function linkBody() {
    const query = ctx.urlState.get();
    try { return toRequest(fromURL(query).a, dataShape(), query.train_csv ?? ''); } catch { return null; }
  }

  // {link, reason}: the train_update value when the page's link replays exactly `body`, else why not.
  function linkFor(body, response) {
    if (sameRequest(linkBody(), body)) return { link: updateKey(response), reason: null };
    const csvMissing = body.csv !== undefined && !ctx.urlState.get().train_csv;
    return { link: null, reason: csvMissing ? 'csv' : 'changed' };
  }

  function present(response, body, { keepStep = false } = {}) {
    const { link, reason } = linkFor(body, response);
    state.shown = { body, response };
    ctx.explorer?.show(response.graph, { training: { run: 'A', epoch: response.epoch, batch: response.batch,
      batches: response.batches, samples: response.samples?.length ?? 0, loss: response.loss, link, reason, keepStep,
      normalized: Boolean(body.normalize), dropout: Number(body.dropout) > 0,
      renderStep: (el) => renderOptimizerStep(el, response, t) } }); // the optimiser's step, beside the graph
  }

  // The update view's chooser (update_view.js): any epoch and mini-batch, the first, or the latest the
  // run took.
  function updateNav() {
    const done = state.runs.A?.history.length ?? 0;
    const batches = state.batches ?? batchesOf(state.runs.A ?? {});
    const choose = async (cursor) => {
      try { await fetchUpdate(state.updateBody ?? requests().A, cursor); } catch (err) { showError(err, err.run); }
    };
    return { choose, latest: done && batches ? lastCursor(done, batches) : null, epochs: done || undefined };
  }

  // "Show this update": the update in the table, or else the run's first update (its gradients are
  // still large; the latest is one click away in the update view).
  async function showUpdate() {
    const target = showTarget();
    if (!target) return;
    let response = state.update;
    if (target.kind === 'last') {
      try {
        response = await fetchUpdate(target.body, firstCursor());
      } catch (err) {
        showError(err);
        return;
      }
    }
    if (!response.graph) {
      showError({ detail: response.graph_error });
      return;
    }
    present(response, state.updateBody);
    ctx.showView?.('explorer');
  }

  // A link with train_update=e…b…: replay that update of the link's configuration A into the table and
  // the explorer (main.js calls this at boot), or tell the explorer why it cannot.
  async function restoreUpdate() {
    const key = ctx.urlState.get().train_update;
    // The user may leave the explorer's training graph (a preset, another mode) before the replay ends.
    const stillWanted = () => ctx.urlState.get().train_update === key;
    const fail = (text) => { if (stillWanted()) ctx.explorer?.showTrainingError?.(text); };
    const cursor = parseUpdateKey(key);
    if (!cursor) { fail(() => t('training.link.badUpdate')); return; }
    await dataReady;
    let body;
    try { body = requests().A; } catch (err) {
      if (err instanceof ConfigError && err.key === 'training.err.csvEmpty') fail(() => t('training.link.noCsv'));
      else fail(() => errorText(err, err.run));
      return;
    }
    try {
      const response = await fetchUpdate(body, cursor);
      if (!response.graph) { fail(() => errorText({ detail: response.graph_error })); return; }
      if (stillWanted()) present(response, body, { keepStep: true });
    } catch (err) {
      fail(() => errorText(err));
    }
  }

  // ---------- optimiser settings ----------
  // "Adam's default: 0.001" under each learning rate, for the optimiser chosen now.
  function drawLrHints() {
    const { a, b } = readForm(root);
    for (const [run, config] of [['A', a], ['B', b]]) {
      const hint = fieldElement(root, 'lr', run)?.parentElement.querySelector('.train-hint');
      if (hint) hint.textContent = t('training.lr.hint', { name: optimizerName(config.optimizer), lr: OPTIMIZER_DEFAULTS[config.optimizer].lr });
    }
  }

  // A new optimiser brings its default learning rate (unless the user chose one) and fills its own
  // settings if they are empty. Returns the configuration as it is now on the form.
  function onOptimizerSwitch(run, config) {
    if (config.optimizer === state.optimizer[run]) return config;
    const before = { ...config, optimizer: state.optimizer[run] };
    const after = switchOptimizer(before, config.optimizer, { lrTyped: state.lrTyped[run], defaults: run === 'B' ? B_DEFAULTS : DEFAULTS });
    state.optimizer[run] = after.optimizer;
    writeKeys(root, after, ['lr', ...OPTIMIZER_PARAMS[after.optimizer]], run);
    drawLrHints();
    return after;
  }

  // ---------- wiring ----------
  let dataTimer = null;
  function onInput(event) {
    const target = event.target;
    target.removeAttribute?.('aria-invalid');
    if (event.type === 'input' && target.id === 'train-lr') state.lrTyped.A = true;
    if (event.type === 'input' && target.id === 'train-b-lr') state.lrTyped.B = true;
    const form = readForm(root);
    const a = onOptimizerSwitch('A', form.a);
    const b = onOptimizerSwitch('B', form.b);
    showDependent(root, a, b);
    state.compare = a.compare;
    const csvLink = csvForLink(a.dataset, form.csv);
    ctx.urlState.update({ ...toURL(a, b), train_csv: csvLink.train_csv });
    drawCsvLinkNote(csvLink);
    // The explorer's graph of an update stays, but its link only replays it while the settings match.
    if (state.shown) {
      const { link, reason } = linkFor(state.shown.body, state.shown.response);
      ctx.explorer?.setTrainingLink?.(link, reason);
    }
    const key = event.target.name;
    if (DATA_KEYS.has(key)) {
      clearTimeout(dataTimer);
      dataTimer = setTimeout(loadData, 300);
    }
    if (state.status !== 'running') { state.cursor = null; state.update = null; state.updateBody = null; drawShowButton(); }
  }

  // Under the CSV box: whether the link carries the data.
  function drawCsvLinkNote(link = csvForLink(readForm(root).a.dataset, readForm(root).csv)) {
    const note = $('#train-csv-link');
    note.textContent = link.omitted ? t('training.csv.notInLink', { kb: Math.ceil(link.size / 1024) })
      : link.train_csv ? t('training.csv.inLink') : '';
    note.dataset.inLink = link.omitted ? 'no' : link.train_csv ? 'yes' : '';
  }
  $('#train-form').addEventListener('input', onInput);
  $('#train-form').addEventListener('change', onInput);
  $('#train-form').addEventListener('submit', (e) => { e.preventDefault(); train(); });
  $('#train-csv-file').addEventListener('change', async (event) => {
    const file = event.target.files?.[0];
    if (!file) return;
    $('#train-csv-name').textContent = file.name;
    $('#train-csv').value = await file.text();
    $('#train-csv').dispatchEvent(new Event('input', { bubbles: true }));
  });
  $('#train-run').addEventListener('click', train);
  $('#train-pause').addEventListener('click', pauseOrResume);
  $('#train-step').addEventListener('click', step);
  $('#train-reset').addEventListener('click', reset);
  $('#train-show').addEventListener('click', showUpdate);

  ctx.onLangChange?.(() => {
    applyStatic(root);
    drawLrHints();
    setButtons();
    setStatus(...state.statusKey);
    drawCurves();
    scatter.A.relabel();
    scatter.B.relabel();
    if (state.update) renderUpdate($('#train-update'), state.update, t, updateNav());
    drawCsvLinkNote();
  });

  state.compare = initial.a.compare;
  drawLrHints();
  setButtons();
  setStatus('training.status.idle');
  drawCurves();
  drawCsvLinkNote();
  dataReady = loadData();
  // Leaving the page mid-run: abort the stream so the server stops the loop.
  window.addEventListener('pagehide', stopStreams);
  return { train, reset, step, showUpdate, restoreUpdate };
}
