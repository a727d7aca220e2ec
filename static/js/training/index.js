// The training lab: pick data (or one of §6.6.5's experiments), set up a network and its
// hyperparameters, and watch it learn: loss and accuracy curves, the decision boundary and a picture of
// every hidden unit redrawn as progress arrives, the gradient norms of every layer on a log scale with
// vanishing / exploding gradients put into words; pause, resume, change the speed, step through single
// mini-batch updates and open one in the explorer; optionally train a second configuration B.
//
// One store (state.js) holds the view's state; everything on screen is drawn from it by `render`, and
// the link is written from it by urlstate.connect. The DOM form is read into the store on every input.
import { applyStatic, registerStrings } from '../i18n.js';
import { createStore, changed } from '../store.js';
import strings from '../i18n/training.js';
import { apiError, apiErrorText, warningMessage } from '../i18n/engine_messages.js';
import { fmt } from '../format.js';
import { trainingTemplate } from './template.js';
import { schemaFor } from '../schema_wait.js';
import { B_DEFAULTS, ConfigError, DEFAULTS, configB, csvForLink, csvShape, datasetRequest, describeOptimizer, fromURL,
  parseUpdateKey, sameRequest, switchOptimizer, toRequest, trainingSchema, updateKey } from './config.js';
import { DATA_KEYS, fieldElement, readForm, showDependent, writeForm, writeKeys } from './form.js';
import { createRunner } from './runner.js';
import { createCurves } from './curves.js';
import { createScatter } from './scatter.js';
import { createNeurons, renderUnitPanel } from './neurons.js';
import { createHealth } from './health_view.js';
import { trainingActions, trainingFromQuery, trainingToQuery } from './state.js';
import { firstCursor, largestChange, lastCursor, nextCursor, renderOptimizerStep, renderUpdate } from './update_view.js';
import { duration } from './palette.js';

registerStrings(strings);

// Announce progress at these fractions of the run (a screen reader can't follow every epoch).
const ANNOUNCE_AT = [0.25, 0.5, 0.75];

export async function mount(root, ctx) {
  // The choices the form offers, the bounds it checks and the optimisers' defaults it fills in are the
  // API's (its schema, GET /openapi.json, read once by config.js trainingSchema), so the view is drawn
  // once the schema has arrived (one small GET, shared with the explorer's network
  // form). Meanwhile a line below the intro says so, and if the schema cannot be fetched it says what to
  // check and offers to try again (schema_wait.js).
  const waiting = root.appendChild(Object.assign(document.createElement('p'), { className: 'train-schema-status' }));
  waiting.setAttribute('role', 'status');
  const openapi = await schemaFor(waiting, ctx);
  waiting.remove();
  const schema = trainingSchema(openapi);
  const { limits, optimizers } = schema;
  const store = createStore(trainingFromQuery(ctx.urlState.get(), schema), trainingActions);
  const initial = store.getState();
  const { t } = ctx;
  // Below the heading and intro the page arrives with (templates/index.html).
  root.insertAdjacentHTML('beforeend', trainingTemplate(schema.choices));
  root.classList.add('view-training');
  const $ = (sel) => root.querySelector(sel);
  for (const [key, range] of Object.entries(limits)) {
    for (const input of root.querySelectorAll(`#train-${key}, #train-b-${key}`)) {
      if (input.type === 'number') Object.assign(input, { min: range[0], max: range[1] });
    }
  }
  const scatter = { A: createScatter($('#train-scatter-A'), { t, run: 'A' }), B: createScatter($('#train-scatter-B'), { t, run: 'B' }) };
  const lossChart = createCurves($('#train-loss-chart'), { metric: 'loss', t });
  const accChart = createCurves($('#train-acc-chart'), { metric: 'accuracy', t });
  const health = createHealth($('#train-health'), { t });
  const network = createNeurons($('#train-network'), { t, onSelect: (unit) => store.actions.selectUnit(unit) });

  const runner = createRunner(store, { onFailure: (err, run) => store.actions.showError(err, run) });
  writeForm(root, initial.a, initial.b, schema.uses);
  $('#train-csv').value = initial.csv;
  applyStatic(root);
  ctx.urlState.connect(store, (s) => trainingToQuery(s, schema));

  // What is not view state: which optimiser each form showed (to notice a switch), whether the user
  // typed a learning rate, which progress announcements were made.
  const optimizerShown = { A: initial.a.optimizer, B: initial.b.optimizer };
  const lrTyped = { A: false, B: false };
  let announced = 0;
  const optimizerName = (name) => t(`training.opt.${name}`);

  // ---------- messages ----------
  // The words for an error: a form field's (named by its label), a schema refusal or the API's detail.
  function errorText(err, run) {
    if (err instanceof ConfigError) {
      const text = t(err.key, err.params);
      const input = fieldElement(root, err.field, run);
      const label = input && root.querySelector(`label[for="${input.id}"]`)?.textContent;
      return label ? t('training.err.field', { field: label, message: text }) : text;
    }
    const { problems } = apiError(err);
    if (problems.length) return `${t('training.err.schema')} ${problems.map((p) => `${p.field}: ${p.text}`).join('; ')}`;
    return apiErrorText(err);
  }
  function drawError({ error, compare }) {
    const box = $('#train-error');
    for (const el of root.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    if (!error) { box.hidden = true; box.textContent = ''; return; }
    // Name the field ("β2 (2nd moment): use a number from 0 up to, but not including, 1.") and
    // mark it, so the message says what to fix even before the eye finds the focused field.
    const { error: err, run } = error;
    if (err instanceof ConfigError) {
      const input = fieldElement(root, err.field, run);
      input?.setAttribute('aria-invalid', 'true');
      input?.focus();
    }
    box.textContent = (run && compare ? `${t('training.run', { run })}: ` : '') + errorText(err, run);
    box.hidden = false;
  }
  const showError = (err, run = null) => store.actions.showError(err, run);

  // ---------- data ----------
  let dataToken = 0;
  let dataSignature = null;
  let dataReady = null; // the first loadData(), awaited before replaying a link's update
  async function loadData() {
    const { a, csv } = store.getState();
    const token = ++dataToken;
    let body;
    try {
      body = a.dataset === 'csv' ? (csv.trim() ? { csv } : null) : { dataset: datasetRequest(a, limits) };
    } catch (err) {
      if (err instanceof ConfigError) { showError(err); return; }
      throw err;
    }
    // A 'change' event after an 'input' one (or a blur) asks for the same data again: keep what is drawn.
    const signature = JSON.stringify(body);
    if (signature === dataSignature) return;
    dataSignature = signature;
    if (!body) { store.actions.setData(null); return; }
    try {
      const data = await ctx.api.postJSON('/api/v1/train/data', body);
      if (token !== dataToken) return;
      store.actions.setData(data);
      showError(null);
    } catch (err) {
      if (token === dataToken) { dataSignature = null; showError(err); }
    }
  }

  function dataShape() {
    const { data, a, csv } = store.getState();
    if (data) return { features: data.features, labels: data.labels };
    if (a.dataset === 'csv') {
      const shape = csvShape(csv);
      return shape ? { features: shape.features, labels: shape.labels } : { features: 2, labels: [0, 1] };
    }
    return { features: 2, labels: [0, 1] };
  }

  function requests() {
    const { a, b, csv } = store.getState();
    const shape = dataShape();
    const out = { A: toRequest(a, shape, csv, schema) };
    if (a.compare) {
      try { out.B = toRequest(configB(a, b), shape, csv, schema); } catch (err) { err.run = 'B'; throw err; }
    }
    return out;
  }

  // ---------- drawing from the state ----------
  function drawCurves(s) {
    const runs = Object.fromEntries(Object.entries(s.runs).map(([k, r]) => [k, r.history]));
    const planned = Number(s.a.epochs) || 1;
    const epochs = Math.max(1, ...Object.values(s.runs).map((r) => r.epochs), Object.keys(s.runs).length ? 1 : planned);
    lossChart.update(runs, epochs);
    accChart.update(runs, epochs);
    health.render(s.runs, epochs);
    drawLegend(s);
  }
  // The optimiser and settings a run uses: "Adam η=0.03 β1=0.9 β2=0.999 ε=1e-8". Those the request
  // left out (an empty field) are the optimiser's defaults from the API's schema: the values the API
  // fills in, which its answer's `optimizer` states only when the run ends (the legend shows them from the start).
  const usedOptimizer = (r) => r && { ...optimizers[r.body.optimizer.name], ...r.body.optimizer };
  const runOptimizer = (s, run) => describeOptimizer(usedOptimizer(s.runs[run]), optimizerName);
  function drawLegend(s) {
    const legend = $('#train-legend');
    legend.replaceChildren();
    for (const run of Object.keys(s.runs)) {
      const group = document.createElement('span');
      group.className = 'legend-group';
      const head = document.createElement('span');
      head.className = `legend-run run-${run}`;
      head.dataset.run = run;
      head.textContent = t('training.legend.run', { run, optimizer: runOptimizer(s, run) });
      group.append(head);
      for (const split of ['train', 'dev']) {
        const item = document.createElement('span');
        item.className = `legend-item ${split} run-${run}`;
        item.textContent = t(`training.series.${split}`, { run });
        group.append(item);
      }
      legend.append(group);
    }
  }

  // Which points each scatter shows: the run's own split once a result names it, else the data set.
  const drawnPoints = { A: undefined, B: undefined };
  function drawScatter(s) {
    for (const run of ['A', 'B']) {
      const r = s.runs[run];
      const source = r?.result?.data ?? s.data;
      if (source !== drawnPoints[run]) {
        drawnPoints[run] = source;
        scatter[run].setData(r?.result?.data ? pointsOf(r.result.data) : s.data);
      }
      scatter[run].setBoundary(r?.boundary ?? null, r?.boundaryEpoch ?? 0);
      $(`#train-scatter-${run}-caption`).textContent = r?.boundary
        ? t('training.scatter.captionEpoch', { run, epoch: r.boundaryEpoch })
        : t('training.scatter.caption', { run });
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

  // The diagram of run A's network (sizes from its request), with its units' pictures.
  function drawNetwork(s) {
    const r = s.runs.A;
    let sizes = null;
    let activations = null;
    const body = r?.body ?? safeRequest(s);
    if (body && body.input_size === 2) {
      sizes = [body.input_size, ...body.layers.map((l) => l.units)];
      activations = body.layers.map((l) => l.activation);
    }
    network.render(r, sizes, activations, s.selected);
    $('#train-network-caption').textContent = !sizes ? t('training.network.only2d')
      : r?.neurons ? t('training.network.captionEpoch', { epoch: r.boundaryEpoch }) : t('training.network.caption');
    renderUnitPanel($('#train-unit'), r, s.selected, t);
  }
  function safeRequest(s) {
    try { return toRequest(s.a, dataShape(), s.csv, schema); } catch { return null; }
  }

  function progress(s) {
    const runs = Object.values(s.runs);
    if (!runs.length) return 0;
    return runs.reduce((sum, r) => sum + r.epoch / r.epochs, 0) / runs.length;
  }

  // The status line: what the run is doing, or how it ended (a diverged run says why and what to do).
  function statusText(s) {
    const a = s.runs.A;
    if (s.status === 'running' && a?.history.length) {
      return t('training.status.running', { epoch: a.epoch, epochs: a.epochs, loss: fmt(a.history.at(-1).train_loss) });
    }
    if (s.status === 'running') return t('training.announce.start');
    if (s.update?.stepped) return steppedStatus(s);
    if (s.status === 'paused') return t('training.status.paused', { epoch: a?.checkpoint?.epoch ?? 0 });
    if (s.status === 'done') return Object.keys(s.runs).map((run) => summary(s, run)).filter(Boolean).join(' — ');
    return t('training.status.idle');
  }

  // "Done: 150 epochs · train loss 0.13 · train accuracy 95.6 %", or the divergence with its fix;
  // per run when comparing.
  function summary(s, run) {
    const r = s.runs[run];
    const last = r?.history.at(-1);
    if (!r?.result || !last) return null;
    let text;
    if (r.divergence) {
      const d = r.divergence;
      const { lr } = usedOptimizer(r);
      text = t('training.status.diverged', { epoch: d.epoch, why: t(`training.diverged.${d.reason}`, { loss: fmt(d.loss) }) })
        + ' ' + t('training.diverged.fix', { lr, lower: fmt(lr / 10) });
    } else {
      const key = r.result.stopped_by ? 'training.status.stopped' : 'training.status.done';
      const accuracy = last.train_accuracy === null ? '–' : `${fmt(last.train_accuracy * 100, 3)} %`;
      text = t(key, { epoch: last.epoch, loss: fmt(last.train_loss), accuracy });
    }
    return Object.keys(s.runs).length > 1 ? `${t('training.run.with', { run, optimizer: runOptimizer(s, run) })}: ${text}` : text;
  }

  function drawStatus(s) {
    $('#train-progress').value = progress(s);
    const status = $('#train-status');
    status.textContent = statusText(s);
    const diverged = Object.values(s.runs).some((r) => r.divergence);
    status.dataset.diverged = diverged ? 'yes' : 'no';
    status.classList.toggle('diverged', diverged && s.status === 'done');
  }

  function drawButtons(s) {
    const busy = s.status === 'running' || s.status === 'paused';
    $('#train-run').disabled = busy;
    $('#train-pause').disabled = !busy;
    $('#train-pause').textContent = t(s.status === 'paused' ? 'training.resume' : 'training.pause');
    $('#train-step').disabled = s.status === 'running';
    root.dataset.status = s.status;
    drawShowButton(s);
  }

  function drawPace(s) {
    const select = $('#train-pace');
    for (const option of select.options) {
      option.textContent = option.value === 'max' ? t('training.pace.max') : t('training.pace.n', { n: option.value });
    }
    select.value = s.pace === null ? 'max' : String(s.pace);
  }

  function drawPresets(s) {
    for (const button of root.querySelectorAll('.train-preset')) button.setAttribute('aria-pressed', String(button.dataset.preset === s.preset));
    const note = $('#train-preset-note');
    note.hidden = !s.preset;
    note.textContent = s.preset ? t(`training.preset.${s.preset}.look`) : '';
    note.dataset.preset = s.preset ?? '';
  }

  let drawnNetwork = null;
  // What the diagram depends on before a run: the layers asked for and the number of features.
  const networkKey = (s) => `${s.a.hidden}|${s.a.activation}|${s.a.loss}|${s.data?.features ?? s.a.dataset}`;
  function render(s, prev) {
    // Typing in the form changes `a` at every key (a pasted CSV: at every line), so the plots are
    // redrawn only when what they show changed.
    if (!prev || changed(s, prev, 'runs') || s.a.epochs !== prev.a.epochs) drawCurves(s);
    if (!prev || changed(s, prev, 'runs', 'data')) drawScatter(s);
    const shape = networkKey(s);
    if (!prev || changed(s, prev, 'runs', 'selected') || shape !== drawnNetwork) { drawnNetwork = shape; drawNetwork(s); }
    if (!prev || changed(s, prev, 'runs', 'status', 'update')) { drawStatus(s); drawButtons(s); }
    if (!prev || changed(s, prev, 'pace')) drawPace(s);
    if (!prev || changed(s, prev, 'preset')) drawPresets(s);
    if (!prev || changed(s, prev, 'error')) drawError({ error: s.error, compare: s.a.compare });
    if (prev && changed(s, prev, 'update') && s.update) renderUpdate($('#train-update'), s.update.response, t, updateNav(s));
    if (prev && changed(s, prev, 'runs')) announceProgress(s);
    if (prev && s.status === 'done' && prev.status !== 'done') ctx.announce(statusText(s));
  }
  store.subscribe(render);

  function announceProgress(s) {
    const a = s.runs.A;
    if (!a || s.status !== 'running') return;
    const fraction = a.epoch / a.epochs;
    while (announced < ANNOUNCE_AT.length && fraction >= ANNOUNCE_AT[announced]) {
      ctx.announce(t('training.announce.progress', { percent: Math.round(ANNOUNCE_AT[announced] * 100), loss: fmt(a.history.at(-1)?.train_loss) }));
      announced += 1;
    }
  }

  // ---------- which update "Show" opens ----------
  // The update in the table (stepped to, or opened before); else, in a paused run, the first update of
  // the epoch it paused at (the one the status line names: what the student is looking at), and after
  // a run, its first update (its gradients are still large; the latest is one click away in the
  // update view). Nothing before either: the button is disabled and says why.
  function showTarget(s = store.getState()) {
    if (s.status === 'running') return null;
    if (s.update) return { kind: 'shown', cursor: s.update.cursor, body: s.update.body };
    const r = s.runs.A;
    // A paused run has taken the updates up to its checkpoint (epochs sent after it are taken again).
    const done = s.status === 'paused' ? r?.checkpoint?.epoch ?? 0 : r?.history.length ?? 0;
    if (!done) return null;
    return { kind: 'run', cursor: s.status === 'paused' ? { epoch: done - 1, batch: 0 } : firstCursor(), body: r.body };
  }
  // Mini-batches per epoch of a finished run, from its training split; null while it is unknown.
  function batchesOf(r) {
    const n = r.result?.data?.train?.index?.length;
    if (!n) return null;
    return r.body.batch_size ? Math.ceil(n / r.body.batch_size) : 1;
  }
  function drawShowButton(s) {
    const button = $('#train-show');
    const target = showTarget(s);
    button.disabled = !target;
    button.textContent = target ? t('training.show.this', { epoch: target.cursor.epoch + 1, batch: target.cursor.batch + 1 }) : t('training.show');
    button.title = target ? '' : t('training.show.none');
  }

  // ---------- training ----------
  function train() {
    let bodies;
    try { bodies = requests(); } catch (err) {
      if (err instanceof ConfigError) { showError(err, err.run); return null; }
      throw err;
    }
    $('#train-update').hidden = true;
    announced = 0;
    ctx.announce(t('training.announce.start'));
    return runner.start(bodies);
  }

  function pauseOrResume() {
    if (store.getState().status === 'paused') {
      ctx.announce(t('training.announce.resumed'));
      store.actions.setUpdate(null);
      $('#train-update').hidden = true;
      return runner.resume();
    }
    runner.pause();
    ctx.announce(t('training.announce.paused'));
    return null;
  }

  function reset() {
    runner.stop();
    store.actions.reset();
    $('#train-update').hidden = true;
    ctx.announce(t('training.announce.reset'));
  }

  // ---------- one update ----------
  // Replays configuration `body` to update `cursor` ({epoch, batch}, 0-based) and shows it in the
  // table. The run needs at least cursor.epoch + 1 epochs for the server to accept the cursor.
  async function fetchUpdate(body, cursor, stepped = false) {
    const response = await ctx.api.postJSON('/api/v1/train/step', { ...body, epochs: Math.max(body.epochs, cursor.epoch + 1), ...cursor });
    const at = { epoch: response.epoch ?? cursor.epoch, batch: response.batch ?? cursor.batch };
    showError(null);
    store.actions.setUpdate({ cursor: at, response, body, stepped });
    return response;
  }

  // "Took one update: epoch 1, mini-batch 2 of 7 (32 samples, loss before it 0.69). It moved W1[3,2]
  // most (by −0.031); the table below lists every parameter."
  function steppedStatus(s) {
    const response = s.update.response;
    const change = largestChange(response.table);
    const params = { epoch: response.epoch + 1, batch: response.batch + 1, batches: response.batches,
      samples: response.samples?.length ?? '?', loss: fmt(response.loss) };
    const run = s.runs.A;
    const parts = [t('training.status.stepped', params)];
    if (run?.history.length && response.epoch >= run.history.length) parts.push(t('training.status.beyondRun', { epochs: run.history.length }));
    if (change) parts.push(t('training.status.change', { parameter: change.name, update: fmt(change.update) }));
    return parts.join(' ');
  }

  async function step() {
    let body;
    try { body = requests().A; } catch (err) { showError(err, err.run); return null; }
    const s = store.getState();
    // While paused or after a run, the next update is the first of the next epoch.
    const done = s.status === 'paused' ? s.runs.A?.checkpoint?.epoch ?? 0 : s.runs.A?.history.length ?? 0;
    const cursor = nextCursor(s.update?.cursor ?? null, s.update?.response?.batches ?? null, done);
    try {
      const response = await fetchUpdate(body, cursor, true);
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
    try { return toRequest(fromURL(query, schema).a, dataShape(), query.train_csv ?? '', schema); } catch { return null; }
  }

  // {link, reason}: the train_update value when the page's link replays exactly `body`, else why not.
  function linkFor(body, response) {
    if (sameRequest(linkBody(), body)) return { link: updateKey(response), reason: null };
    const csvMissing = body.csv !== undefined && !ctx.urlState.get().train_csv;
    return { link: null, reason: csvMissing ? 'csv' : 'changed' };
  }

  function present(response, body, { keepStep = false } = {}) {
    const { link, reason } = linkFor(body, response);
    store.actions.setShown({ body, response });
    ctx.explorer.then((explorer) => explorer.show(response.graph, { training: { run: 'A', epoch: response.epoch, batch: response.batch,
      batches: response.batches, samples: response.samples?.length ?? 0, loss: response.loss, link, reason, keepStep,
      normalized: Boolean(body.normalize), dropout: Number(body.dropout) > 0,
      renderStep: (el) => renderOptimizerStep(el, response, t) } })); // the optimiser's step, beside the graph
  }

  // The update view's chooser (update_view.js): any epoch and mini-batch, the first, or the latest the
  // run took.
  function updateNav(s) {
    const r = s.runs.A;
    const done = s.status === 'paused' ? r?.checkpoint?.epoch ?? 0 : r?.history.length ?? 0;
    const batches = s.update?.response?.batches ?? (r ? batchesOf(r) : null);
    const choose = async (cursor) => {
      try { await fetchUpdate(store.getState().update?.body ?? requests().A, cursor); } catch (err) { showError(err, err.run); }
    };
    return { choose, latest: done && batches ? lastCursor(done, batches) : null, epochs: done || undefined };
  }

  // "Show this update": the one showTarget names, in the explorer.
  async function showUpdate() {
    const target = showTarget();
    if (!target) return;
    let response = store.getState().update?.response;
    if (target.kind === 'run') {
      try {
        response = await fetchUpdate(target.body, target.cursor);
      } catch (err) {
        showError(err);
        return;
      }
    }
    if (!response.graph) {
      showError({ detail: response.graph_error });
      return;
    }
    present(response, store.getState().update.body);
    ctx.showView?.('explorer');
  }

  // A link with train_update=e…b…: replay that update of the link's configuration A into the table and
  // the explorer (main.js calls this at boot), or tell the explorer why it cannot.
  async function restoreUpdate() {
    const key = ctx.urlState.get().train_update;
    // The user may leave the explorer's training graph (a preset, another mode) before the replay ends.
    const stillWanted = () => ctx.urlState.get().train_update === key;
    const fail = (text) => { if (stillWanted()) ctx.explorer.then((explorer) => explorer.showTrainingError?.(text)); };
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
  // Under each learning rate "Adam's default: 0.001" for the optimiser chosen now, which an empty field
  // shows as its placeholder (empty means the default); redrawn when the optimiser changes.
  const hintOf = (key, run) => fieldElement(root, key, run).parentElement.querySelector('.train-hint');
  function drawLrHint(run, optimizer) {
    const { lr } = optimizers[optimizer];
    hintOf('lr', run).textContent = t('training.lr.hint', { name: optimizerName(optimizer), lr });
    fieldElement(root, 'lr', run).placeholder = String(lr);
  }
  // Under μ, β1, β2, ε what each does, then "0 ≤ β2 < 1; default 0.999." (trainingSchema's hints: the
  // engine's bounds and defaults), the default also as the placeholder. They depend on the schema and
  // the language only: drawn at the start and when the language changes.
  function drawHints() {
    const { a, b } = store.getState();
    drawLrHint('A', a.optimizer);
    drawLrHint('B', b.optimizer);
    for (const run of ['A', 'B']) {
      for (const [key, facts] of Object.entries(schema.hints)) {
        hintOf(key, run).textContent = t('training.setting.hint', { meaning: t(`training.${key}.hint`), ...facts });
        fieldElement(root, key, run).placeholder = String(facts.value);
      }
    }
  }

  // A new optimiser brings its default learning rate (unless the user chose one) and fills its own
  // settings if they are empty. Returns the configuration as it is now on the form.
  function onOptimizerSwitch(run, config) {
    if (config.optimizer === optimizerShown[run]) return config;
    const before = { ...config, optimizer: optimizerShown[run] };
    const after = switchOptimizer(before, config.optimizer, schema, { lrTyped: lrTyped[run], defaults: run === 'B' ? B_DEFAULTS : DEFAULTS });
    optimizerShown[run] = after.optimizer;
    writeKeys(root, after, ['lr', ...schema.uses[after.optimizer]], run);
    drawLrHint(run, after.optimizer);
    return after;
  }

  // ---------- wiring ----------
  let dataTimer = null;
  function onInput(event) {
    const target = event.target;
    target.removeAttribute?.('aria-invalid');
    if (event.type === 'input' && target.id === 'train-lr') lrTyped.A = true;
    if (event.type === 'input' && target.id === 'train-b-lr') lrTyped.B = true;
    const form = readForm(root);
    const a = onOptimizerSwitch('A', form.a);
    const b = onOptimizerSwitch('B', form.b);
    showDependent(root, a, b, schema.uses);
    store.actions.configure({ a, b, csv: form.csv });
    store.actions.leavePreset();
    drawCsvLinkNote();
    // The explorer's graph of an update stays, but its link only replays it while the settings match.
    const { shown } = store.getState();
    if (shown) {
      const { link, reason } = linkFor(shown.body, shown.response);
      ctx.explorer.then((explorer) => explorer.setTrainingLink?.(link, reason));
    }
    if (DATA_KEYS.has(target.name)) {
      clearTimeout(dataTimer);
      dataTimer = setTimeout(loadData, 300);
    }
    if (store.getState().status !== 'running') { store.actions.setUpdate(null); }
  }

  // A preset: its settings into the form (the form is the store's view of them), the note, new data.
  function choosePreset(id) {
    const s = store.actions.choosePreset(id);
    optimizerShown.A = s.a.optimizer;
    optimizerShown.B = s.b.optimizer;
    writeForm(root, s.a, s.b, schema.uses);
    drawLrHint('A', s.a.optimizer);
    drawLrHint('B', s.b.optimizer);
    loadData();
    ctx.announce(t(`training.preset.${id}.look`));
  }

  // Under the CSV box: whether the link carries the data.
  function drawCsvLinkNote() {
    const { a, csv } = store.getState();
    const link = csvForLink(a.dataset, csv);
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
  for (const button of root.querySelectorAll('.train-preset')) button.addEventListener('click', () => choosePreset(button.dataset.preset));
  $('#train-pace').addEventListener('change', (e) => runner.setPace(e.target.value === 'max' ? null : Number(e.target.value)));
  $('#train-run').addEventListener('click', train);
  $('#train-pause').addEventListener('click', pauseOrResume);
  $('#train-step').addEventListener('click', step);
  $('#train-reset').addEventListener('click', reset);
  $('#train-show').addEventListener('click', showUpdate);

  ctx.onLangChange?.(() => {
    applyStatic(root);
    drawHints();
    drawCsvLinkNote();
    const s = store.getState();
    render(s, null);
    scatter.A.relabel();
    scatter.B.relabel();
    if (s.update) renderUpdate($('#train-update'), s.update.response, t, updateNav(s));
  });

  drawHints();
  drawCsvLinkNote();
  render(store.getState(), null);
  dataReady = loadData();
  // Leaving the page mid-run: close the streams so the server stops training for nobody.
  window.addEventListener('pagehide', runner.stop);
  return { train, reset, step, showUpdate, restoreUpdate, store };
}
