// The network form: describe a small MLP (eq. 6.35), send it to POST /api/v1/network, hand the graph
// to the explorer, and list every parameter θ with its value and ∂L/∂θ under the form.
import { registerStrings } from '../i18n.js';
import { fmt } from '../format.js';
import { toNumber } from '../api.js';
import { choicesOf, layerLimit, outputForLoss, rangeOf, readPaths, schemaAt } from '../schema.js';
import { schemaFor } from '../schema_wait.js';
import strings from '../i18n/explorer_extra.js';
import tensorStrings from '../i18n/tensors.js';
import { apiError, apiErrorText } from '../i18n/engine_messages.js';
import { selection, entryNumbers, scalarIdOf } from '../tensors/selection.js';
import { linkViews } from '../tensors/matrix_content.js';

registerStrings(strings);
registerStrings(tensorStrings);

// A graph a learner can still read; the API enforces its own (larger) limits. Layers have no such
// bound of the form's own: the layer view draws one row per layer, so the engine's deepest network
// (§6.6.5's 8 hidden layers and the output) reads as well as a shallow one; `layerLimit` reads it.
export const MAX_UNITS = 64;
export const MAX_INPUT_SIZE = 64;
// Typing pauses this long before the network is recomputed, so each keystroke is not a request.
export const DEBOUNCE_MS = 400;

/** {activation, loss, init} → the values the network request takes, from the API's schema (GET
 *  /openapi.json: the engine's tuples as the request's enums); a choice the schema does not state is null.
 *  The words for them are the page's (net.act.*, net.loss.*, net.init.*). */
export function networkChoices(openapi) {
  return readPaths(openapi, 'NetworkRequest', { activation: ['layers', '[]', 'activation'], loss: ['loss'], init: ['init'] }, choicesOf);
}
// The i18n prefix of each choice's words.
const WORDS = { activation: 'net.act', loss: 'net.loss', init: 'net.init' };

/** The textbook's figure 6.18 network: 2 inputs, 2 ReLU hidden units, 1 sigmoid output, BCE loss,
 * with small explicit weights so every number on screen is short. */
export const FIGURE_6_18 = Object.freeze({
  input_size: 2,
  layers: [{ units: 2, activation: 'relu' }, { units: 1, activation: 'sigmoid' }],
  loss: 'bce',
  x: [1, 0.5],
  y: 1,
  weights: {
    W1: [[0.5, -0.3], [0.2, 0.4]],
    b1: [0.1, -0.1],
    W2: [[0.7, -0.6]],
    b2: [0.05],
  },
  view: 'scalar',
});

/** The textbook's name of one parameter entry as plain runs: W1[0][1] → w, [1], 12 (w^{[1]}_{12}),
 * and the scalar-view node id it matches (w1_12). Pure. */
export function parameterEntries(name, value, grad) {
  const m = /^([A-Za-z]+)(\d+)$/.exec(name);
  const letter = m ? m[1].toLowerCase() : name;
  const layer = m ? m[2] : '';
  const rows = [];
  const add = (index, v, g) => {
    const sub = index.map((k) => k + 1).join('');
    rows.push({ id: `${letter}${layer}_${sub}`, letter, layer, sub, value: toNumber(v), grad: toNumber(g) });
  };
  if (!Array.isArray(value)) add([], value, grad);
  else if (!Array.isArray(value[0])) value.forEach((v, i) => add([i], v, grad?.[i]));
  else value.forEach((row, i) => row.forEach((v, j) => add([i, j], v, grad?.[i]?.[j])));
  return rows;
}

/** The shape each parameter must have for `spec` (W^[i]: n_i × n_{i−1}, b^[i]: n_i), in order. Pure. */
export function parameterShapes(spec) {
  const sizes = [spec.input_size, ...(spec.layers ?? []).map((l) => l.units)];
  const shapes = {};
  for (let i = 1; i < sizes.length; i += 1) {
    shapes[`W${i}`] = [sizes[i], sizes[i - 1]];
    shapes[`b${i}`] = [sizes[i]];
  }
  return shapes;
}

const shapeOfValue = (v) => (Array.isArray(v) ? [v.length, ...shapeOfValue(v[0])] : []);

/** True when `weights` gives exactly the parameters of `shapes`, each of its shape. Pure. */
export function weightsFit(weights, shapes) {
  if (!weights || typeof weights !== 'object' || Array.isArray(weights)) return false;
  const names = Object.keys(shapes);
  if (Object.keys(weights).length !== names.length) return false;
  return names.every((k) => JSON.stringify(shapeOfValue(weights[k])) === JSON.stringify(shapes[k])
    && (shapes[k].length === 1 || weights[k].every((row) => Array.isArray(row) && row.length === shapes[k][1])));
}

/**
 * Weights for new layer sizes (issue 12 item 5): every entry of an old parameter that still fits is
 * kept, the rest come from `fresh` (the engine's init for the new sizes). `origin[i]` is the old layer
 * number (1-based) that new layer i+1 was, or null for a new layer, so an output layer keeps its
 * weights when a hidden layer is inserted before it. → {weights, fresh: how many entries are new}. Pure.
 */
export function resizeWeights(old, shapes, fresh, origin) {
  const weights = {};
  let added = 0;
  const take = (kept, drawn) => {
    if (kept !== undefined) return kept;
    added += 1;
    return drawn;
  };
  for (const [name, shape] of Object.entries(shapes)) {
    const layer = Number(name.slice(1));
    const before = origin?.[layer - 1];
    const source = before ? old?.[`${name[0]}${before}`] : undefined;
    if (shape.length === 1) {
      weights[name] = fresh[name].map((v, j) => take(Array.isArray(source) && typeof source[j] === 'number' ? source[j] : undefined, v));
    } else {
      weights[name] = fresh[name].map((row, j) => row.map((v, k) => {
        const kept = Array.isArray(source?.[j]) && typeof source[j][k] === 'number' ? source[j][k] : undefined;
        return take(kept, v);
      }));
    }
  }
  return { weights, fresh: added };
}

// Refusals the form words itself, by the engine's code: their messages speak the API's language
// (`use view "layer"`), where the learner sees a form with fields and radio buttons; each names the
// field to change, which is marked.
const FORM_REFUSALS = {
  // x is a batch while the scalar view is chosen: x is what the learner typed last and likely meant
  // to change (the view is a choice the page made for figure 6.18).
  scalar_view_one_sample: { field: 'x', key: 'net.scalarOneSample' },
};

/** The form's own words for an engine refusal (`detail`: the API's error body), or null: {field, key,
 *  params} for t(key, params) at the field. Pure. */
export function formRefusal(detail) {
  const own = detail && typeof detail === 'object' ? FORM_REFUSALS[detail.code] : null;
  return own ? { ...own, params: detail.params ?? {} } : null;
}

/** Which form field an API error is about, or null: 422 bodies carry `loc`, engine errors a message
 * that names the field. Pure. */
export function fieldForError(detail) {
  const FIELDS = ['input_size', 'layers', 'loss', 'x', 'y', 'weights', 'init', 'seed', 'view'];
  if (Array.isArray(detail)) {
    for (const item of detail) {
      const loc = (item?.loc ?? []).filter((p) => p !== 'body');
      if (FIELDS.includes(loc[0])) return loc[0];
    }
    return null;
  }
  if (!detail || typeof detail !== 'object') return null;
  if (FIELDS.includes(detail.field)) return detail.field;
  const text = `${detail.message ?? ''}`;
  const rules = [
    ['view', /scalar view/i],
    // Before x: a shape message about W1 quotes "z = W x + b".
    ['weights', /\bweights?\b|\b[Wb]\d+\b/],
    ['x', /(^|[^\w[])x(\b|\[)|\binputs? x\b/],
    ['y', /(^|[^\w[])y(\b|\[)|\blabels?\b|\btargets?\b/i],
    ['seed', /\bseed\b/i],
    ['init', /\binit/i],
    ['input_size', /input_size|input size/i],
    ['layers', /\blayers?\b|\bunits?\b|\bactivation/i],
    ['loss', /\bloss\b/i],
  ];
  for (const [field, re] of rules) if (re.test(text)) return field;
  return null;
}

let uid = 0;

export function mountNetworkForm(container, ctx, onResult, { initialSpec = null, markStale = () => {} } = {}) {
  const { t } = ctx;
  const id = (name) => `net${uid}-${name}`;
  uid += 1;
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    node.append(...children.filter(Boolean));
    return node;
  };
  // Every fixed label/hint registers itself here, so a language switch relabels the form in place
  // (layer rows, which come and go, relabel themselves).
  const relabel = [];
  const label = (key) => (node) => {
    relabel.push(() => { node.textContent = t(key); });
    node.textContent = t(key);
    return node;
  };
  const errorSlot = (name) => el('p', { class: 'net-error', id: id(`${name}-error`), hidden: true });

  // --- Fields -----------------------------------------------------------------------------------
  const inputSize = el('input', { type: 'number', id: id('input-size'), name: 'input_size', min: 1, max: MAX_INPUT_SIZE, step: 1, required: true, inputmode: 'numeric', 'aria-describedby': id('input_size-error') });
  const layersList = el('ol', { class: 'net-layers-list' });
  const addLayer = label('net.addLayer')(el('button', { type: 'button', class: 'net-add-layer' }));
  // Until the API's schema has said how many layers a network may have, layers can be added (the API
  // refuses too many with its own message); from then on the button stops at the limit.
  let maxLayers = Infinity;
  // The largest seed: the API's (the engine's MAX_SEED) once its schema is here; until then the largest
  // whole number a page holds exactly.
  let maxSeed = Number.MAX_SAFE_INTEGER;
  // The selects offer the API's choices (networkChoices), which come with its schema; until it has
  // answered each offers the value it shows, and the API judges that value (a hand-edited link's).
  let choices = { activation: null, loss: null, init: null };
  // Until the schema has said which output goes with which loss, a loss switch leaves the output alone.
  let outputs = {};
  const relabelOptions = (select, kind) => {
    for (const option of select.options) option.textContent = t(`${WORDS[kind]}.${option.value}`);
  };
  /** Sets a select of `kind` to `value`, or `fallback` when the API's choices do not have it. */
  function choose(select, kind, value, fallback) {
    const values = choices[kind] ?? [typeof value === 'string' ? value : fallback];
    if ([...select.options].map((o) => o.value).join() !== values.join()) {
      select.replaceChildren(...values.map((v) => el('option', { value: v })));
      relabelOptions(select, kind);
    }
    select.value = values.includes(value) ? value : fallback;
  }
  const lossSelect = el('select', { id: id('loss'), name: 'loss', 'aria-describedby': id('loss-error') });
  const xField = el('textarea', { id: id('x'), name: 'x', rows: 2, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id('x-hint')} ${id('x-error')}` });
  const yField = el('input', { type: 'text', id: id('y'), name: 'y', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id('y-hint')} ${id('y-error')}` });
  const weightsField = el('textarea', { id: id('weights'), name: 'weights', rows: 5, wrap: 'off', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${id('weights-hint')} ${id('weights-error')}` });
  const initSelect = el('select', { id: id('init'), name: 'init', 'aria-describedby': id('init-error') });
  relabel.push(() => { relabelOptions(lossSelect, 'loss'); relabelOptions(initSelect, 'init'); });
  const seedField = el('input', { type: 'number', id: id('seed'), name: 'seed', min: 0, step: 1, inputmode: 'numeric', 'aria-describedby': id('seed-error') });
  const viewRadios = {};
  const buildButton = label('net.build')(el('button', { type: 'submit', class: 'net-build' }));
  const presetButton = label('net.preset')(el('button', { type: 'button', class: 'net-preset' }));
  const useWeightsButton = label('net.useWeights')(el('button', { type: 'button', class: 'net-use-weights', hidden: true }));
  const status = el('p', { class: 'net-status', role: 'status' });
  const schemaStatus = el('p', { class: 'net-schema-status', role: 'status', hidden: true });
  const generalError = el('p', { class: 'net-error net-general-error', id: id('general-error'), role: 'alert', hidden: true });

  const radio = (group, value, key) => {
    const input = el('input', { type: 'radio', name: id(group), value, id: id(`${group}-${value}`) });
    return [input, el('div', { class: 'net-radio' }, input, label(key)(el('label', { for: input.id })))];
  };
  const [weightsRadio, weightsRadioRow] = radio('params', 'weights', 'net.params.weights');
  const [initRadio, initRadioRow] = radio('params', 'init', 'net.params.init');
  const paramMode = { weights: weightsRadio, init: initRadio };
  const viewRows = ['layer', 'scalar'].map((v) => {
    const [input, row] = radio('view', v, `net.view.${v}`);
    viewRadios[v] = input;
    return row;
  });

  const fieldRow = (input, key, name, hintKey) => el('div', { class: `net-field net-field-${name}` },
    label(key)(el('label', { for: input.id })), input,
    hintKey ? label(hintKey)(el('p', { class: 'net-hint', id: id(`${name}-hint`) })) : null,
    errorSlot(name));

  const weightsBox = el('div', { class: 'net-weights-box' }, fieldRow(weightsField, 'net.weights', 'weights', 'net.weightsHint'));
  // The init and seed stay visible with given weights: they draw the entries a layer change adds.
  const newEntriesHint = label('tensors.newEntries')(el('p', { class: 'net-hint net-new-entries' }));
  const initBox = el('div', { class: 'net-init-box' }, fieldRow(initSelect, 'net.init', 'init'), fieldRow(seedField, 'net.seed', 'seed'), newEntriesHint);

  const form = el('form', { class: 'net-form', novalidate: true, 'aria-labelledby': id('title') },
    label('net.title')(el('h2', { id: id('title'), class: 'net-title' })),
    label('net.intro')(el('p', { class: 'net-intro' })),
    schemaStatus,
    el('div', { class: 'net-grid' },
      fieldRow(inputSize, 'net.inputSize', 'input_size'),
      fieldRow(lossSelect, 'net.loss', 'loss')),
    el('fieldset', { class: 'net-layers' },
      label('net.layers')(el('legend')), layersList, addLayer, errorSlot('layers')),
    fieldRow(xField, 'net.x', 'x', 'net.xHint'),
    fieldRow(yField, 'net.y', 'y', 'net.yHint'),
    el('fieldset', { class: 'net-params' },
      label('net.params')(el('legend')), el('div', { class: 'net-radios' }, weightsRadioRow, initRadioRow), weightsBox, initBox),
    el('fieldset', { class: 'net-view', 'aria-describedby': id('view-error') },
      label('net.view')(el('legend')), el('div', { class: 'net-radios' }, ...viewRows), errorSlot('view')),
    el('div', { class: 'net-actions' }, buildButton, presetButton, useWeightsButton),
    status, generalError);

  const table = el('table', { class: 'net-param-table', hidden: true },
    label('net.table.caption')(el('caption')),
    el('thead', {}, el('tr', {},
      label('net.table.theta')(el('th', { scope: 'col' })),
      label('net.table.value')(el('th', { scope: 'col' })),
      label('net.table.grad')(el('th', { scope: 'col' })))),
    el('tbody'));
  const tbody = table.querySelector('tbody');
  // The entry selected in either view (layer ↔ scalar link), with its numbers, which both views share.
  const linkNote = el('p', { class: 'tensor-link-note', role: 'status', hidden: true });
  container.append(form, linkNote, table);
  linkViews(container.closest('#view-explorer'));
  function drawLinkNote() {
    const entry = selection.get();
    const numbers = entry && entryNumbers(lastResponse?.parameters, entry);
    linkNote.hidden = !numbers;
    if (!numbers) return;
    const id = scalarIdOf(entry);
    const name = `${entry.letter}[${entry.layer}]${id.split('_')[1]}`;
    linkNote.textContent = t('tensors.linked', { name, value: fmt(toNumber(numbers.value)), grad: fmt(toNumber(numbers.grad)) });
    linkNote.dataset.entry = id;
    for (const row of tbody.children) row.classList.toggle('is-linked', row.dataset.param === id);
  }
  selection.subscribe(drawLinkNote);

  const FIELD_INPUTS = { input_size: inputSize, loss: lossSelect, x: xField, y: yField, weights: weightsField, init: initSelect, seed: seedField, layers: layersList, view: viewRadios.layer };

  // --- Layer rows -------------------------------------------------------------------------------
  // Each row keeps a key for its life, so given weights follow their layer when layers are added or
  // removed (the output layer keeps its W and b when a hidden layer is inserted before it).
  let nextLayerKey = 0;
  const layerKeys = () => [...layersList.children].map((row) => row.dataset.key);
  function layerRow(layer) {
    const n = () => [...layersList.children].indexOf(row) + 1;
    const units = el('input', { type: 'number', class: 'net-units', min: 1, max: MAX_UNITS, step: 1, inputmode: 'numeric', value: layer.units });
    const act = el('select', { class: 'net-activation' });
    choose(act, 'activation', layer.activation, 'relu');
    const remove = el('button', { type: 'button', class: 'net-remove-layer', text: '×' });
    const heading = el('span', { class: 'net-layer-name' });
    const row = el('li', { class: 'net-layer', 'data-key': `L${nextLayerKey++}` }, heading,
      el('label', {}, el('span', {}), units), el('label', {}, el('span', {}), act), remove);
    const [unitsLabel, actLabel] = row.querySelectorAll('label > span');
    row.relabel = () => {
      heading.textContent = t('net.layer', { n: n() });
      unitsLabel.textContent = t('net.units');
      actLabel.textContent = t('net.activation');
      units.setAttribute('aria-label', `${t('net.layer', { n: n() })}: ${t('net.units')}`);
      act.setAttribute('aria-label', `${t('net.layer', { n: n() })}: ${t('net.activation')}`);
      remove.setAttribute('aria-label', t('net.removeLayer', { n: n() }));
      remove.title = t('net.removeLayer', { n: n() });
      relabelOptions(act, 'activation');
    };
    remove.addEventListener('click', () => {
      if (layersList.children.length <= 1) return;
      const next = row.nextElementSibling ?? row.previousElementSibling;
      row.remove();
      relabelLayers();
      next?.querySelector('.net-remove-layer')?.focus();
      schedule();
    });
    return row;
  }
  function relabelLayers() {
    const rows = [...layersList.children];
    rows.forEach((row) => row.relabel());
    for (const row of rows) row.querySelector('.net-remove-layer').disabled = rows.length <= 1;
    addLayer.disabled = rows.length >= maxLayers;
  }
  function setLayers(layers) {
    layersList.replaceChildren(...layers.map(layerRow));
    relabelLayers();
  }
  addLayer.addEventListener('click', () => {
    if (layersList.children.length >= maxLayers) return;
    // A new hidden layer goes before the output layer, which stays last.
    const rows = [...layersList.children];
    const row = layerRow({ units: 2, activation: 'relu' });
    layersList.insertBefore(row, rows.length ? rows[rows.length - 1] : null);
    relabelLayers();
    row.querySelector('.net-units').focus();
    schedule();
  });

  // --- Reading and writing the form -------------------------------------------------------------
  // Numbers only, so a space after each comma is safe and reads like the textbook's vectors.
  const pretty = (v) => JSON.stringify(v).replace(/,/g, ', ');
  function prettyWeights(w) {
    const lines = Object.entries(w).map(([k, v]) => `  ${JSON.stringify(k)}: ${pretty(v)}`);
    weightsField.rows = Math.min(12, lines.length + 2);
    return '{\n' + lines.join(',\n') + '\n}';
  }
  function setParamMode(mode) {
    paramMode[mode].checked = true;
    weightsBox.hidden = mode !== 'weights';
    newEntriesHint.hidden = mode !== 'weights';
  }

  // `spec` may come from a hand-edited link: take what fits, fall back to figure 6.18 for the rest.
  function fill(raw) {
    const spec = raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : FIGURE_6_18;
    const isObject = (v) => v && typeof v === 'object' && !Array.isArray(v);
    inputSize.value = Number.isInteger(spec.input_size) ? spec.input_size : FIGURE_6_18.input_size;
    // Layers beyond the limit are kept: the API's refusal says so beside them, and they can be removed.
    const layers = Array.isArray(spec.layers) && spec.layers.length ? spec.layers : FIGURE_6_18.layers;
    setLayers(layers.map((l) => ({ units: Number.isInteger(l?.units) ? l.units : 1, activation: l?.activation })));
    choose(lossSelect, 'loss', spec.loss, 'bce');
    lossSelect.dataset.previous = lossSelect.value;
    xField.value = pretty(spec.x === undefined ? FIGURE_6_18.x : spec.x);
    yField.value = pretty(spec.y === undefined ? FIGURE_6_18.y : spec.y);
    if (isObject(spec.weights)) {
      weightsField.value = prettyWeights(spec.weights);
      weightsLayout = { keys: layerKeys(), shapes: parameterShapes({ input_size: Number(inputSize.value), layers }) };
      setParamMode('weights');
    } else {
      setParamMode('init');
    }
    choose(initSelect, 'init', spec.init, 'small');
    seedField.value = Number.isInteger(spec.seed) ? spec.seed : 0;
    (viewRadios[spec.view] ?? viewRadios.layer).checked = true;
  }

  /** The spec the fields describe, and the errors that stop it being sent ({field: message}). */
  function readSpec() {
    const errors = {};
    const int = (input, field, key, min, max) => {
      const v = Number(input.value);
      if (input.value.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
        errors[field] = t('net.needInteger', { field: t(key), min, max });
      }
      return v;
    };
    const json = (input, field, key) => {
      try {
        return JSON.parse(input.value);
      } catch {
        // The browser's own reason (in its language, with a character offset) is not shown: the
        // message says what to check, in the page's language.
        errors[field] = t('net.badJSON', { field: t(key) });
        return undefined;
      }
    };
    const spec = { input_size: int(inputSize, 'input_size', 'net.inputSize', 1, MAX_INPUT_SIZE) };
    spec.layers = [...layersList.children].map((row) => ({
      units: int(row.querySelector('.net-units'), 'layers', 'net.units', 1, MAX_UNITS),
      activation: row.querySelector('.net-activation').value,
    }));
    spec.loss = lossSelect.value;
    spec.x = json(xField, 'x', 'net.x');
    spec.y = json(yField, 'y', 'net.y');
    if (paramMode.weights.checked) {
      spec.weights = json(weightsField, 'weights', 'net.weights');
    } else {
      spec.init = initSelect.value;
      spec.seed = int(seedField, 'seed', 'net.seed', 0, maxSeed);
    }
    spec.view = viewRadios.scalar.checked ? 'scalar' : 'layer';
    return { spec, errors };
  }

  // --- Errors -----------------------------------------------------------------------------------
  function clearErrors() {
    for (const slot of form.querySelectorAll('.net-error')) { slot.hidden = true; slot.textContent = ''; }
    for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  }
  function showError(field, text) {
    const slot = field ? form.querySelector(`#${CSS.escape(id(`${field}-error`))}`) : null;
    const target = slot ?? generalError;
    target.textContent = target.textContent ? `${target.textContent} ${text}` : text;
    target.hidden = false;
    // Field errors are not live regions; say them once for screen-reader users.
    if (slot) ctx.announce?.(text);
    const input = field === 'layers' ? null : FIELD_INPUTS[field];
    if (slot && input) input.setAttribute('aria-invalid', 'true');
    if (field === 'layers') for (const u of layersList.querySelectorAll('.net-units')) if (!(Number(u.value) >= 1)) u.setAttribute('aria-invalid', 'true');
  }
  function showApiError(err) {
    const { problems, answered } = apiError(err);
    // Schema errors (422): one line per problem, each next to its field.
    for (const p of problems) showError(fieldForError([p]), p.text || t('net.requestFailed', { reason: `HTTP ${err.status}` }));
    if (problems.length) return;
    const own = formRefusal(err?.detail);
    if (own) showError(own.field, t(own.key, own.params));
    else if (answered) showError(fieldForError(err.detail), apiErrorText(err, { separator: ' — ' }));
    else showError(null, t('net.requestFailed', { reason: err?.status ? `HTTP ${err.status}` : err?.message ?? '?' }));
  }

  // --- Talking to the API -----------------------------------------------------------------------
  let timer = null;
  let inFlight = null;
  let sequence = 0;
  let lastResponse = null;
  let lastSpec = null;
  // The layer keys and parameter shapes the given weights were last written for (see resizeWeights).
  let weightsLayout = null;

  // Whether the graph drawn no longer matches the form (a bad field, a refused spec).
  let stale = false;
  /** Marks the explorer's graph stale (the explorer's markStale) while it no longer matches the form,
   *  or clears that. */
  function markGraphStale(next) {
    stale = next;
    showStale();
  }
  /** The stale label over the graph, if the form is stale: only while the network form is the panel in
   *  use, and once it drew. Leaving network mode, the explorer clears the label (its mode change); the
   *  form stays stale, and coming back the explorer asks for the label again. */
  function showStale() {
    if (!stale) { markStale(null); return; }
    if (container.closest('[hidden]') || !lastResponse) return;
    markStale((tr) => tr('tensors.stale', { reason: tr('tensors.staleFix') }));
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => { submit(); }, DEBOUNCE_MS);
  }

  /** Given weights that fitted the layers before a layer change are fitted to the new layers: kept
   *  where they fit, the rest drawn by the engine's init with the form's seed. → the status note. */
  async function resizeGivenWeights(spec, signal) {
    const shapes = parameterShapes(spec);
    if (!spec.weights || weightsFit(spec.weights, shapes) || !weightsLayout || !weightsFit(spec.weights, weightsLayout.shapes)) return null;
    const { weights: _, ...rest } = spec;
    const init = initSelect.value;
    const seed = Number.isInteger(Number(seedField.value)) && seedField.value.trim() !== '' ? Number(seedField.value) : 0;
    const drawn = await ctx.api.postJSON('/api/v1/network', { ...rest, init, seed, view: 'layer' }, { signal });
    const fresh = Object.fromEntries(Object.entries(drawn.parameters).map(([k, p]) => [k, p.value]));
    const origin = layerKeys().map((key) => { const i = weightsLayout.keys.indexOf(key); return i >= 0 ? i + 1 : null; });
    const resized = resizeWeights(spec.weights, shapes, fresh, origin);
    spec.weights = resized.weights;
    weightsField.value = prettyWeights(resized.weights);
    weightsLayout = { keys: layerKeys(), shapes };
    return t('tensors.resized', { count: resized.fresh, init: t(`net.init.${init}`), seed });
  }

  async function submit() {
    clearTimeout(timer);
    const { spec, errors } = readSpec();
    clearErrors();
    if (Object.keys(errors).length) {
      table.classList.add('is-stale');
      for (const [field, text] of Object.entries(errors)) showError(field, text);
      markGraphStale(true);
      return null;
    }
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const mine = ++sequence;
    form.setAttribute('aria-busy', 'true');
    status.textContent = t('net.busy');
    try {
      const note = await resizeGivenWeights(spec, controller.signal);
      if (mine !== sequence) return null;
      const response = await ctx.api.postJSON('/api/v1/network', spec, { signal: controller.signal });
      if (mine !== sequence) return null;
      if (spec.weights) weightsLayout = { keys: layerKeys(), shapes: parameterShapes(spec) };
      markGraphStale(false);
      // The same network in the other view: the explorer keeps the student's point in the passes
      // there, so a layer ↔ scalar link selected at the end is still printed after the switch.
      const viewSwitch = Boolean(lastSpec) && lastSpec.view !== spec.view
        && JSON.stringify({ ...lastSpec, view: null }) === JSON.stringify({ ...spec, view: null });
      lastResponse = response;
      lastSpec = spec;
      renderTable(response.parameters ?? {});
      drawLinkNote();
      table.classList.remove('is-stale');
      useWeightsButton.hidden = !response.parameters || paramMode.weights.checked;
      const lossNode = response.nodes?.find((n) => n.id === response.output);
      status.textContent = [t('net.done', { loss: fmt(toNumber(lossNode?.value)) }), note].filter(Boolean).join(' ');
      onResult?.(response, { kind: 'network', spec, viewSwitch });
      return response;
    } catch (err) {
      if (err?.name === 'AbortError' || mine !== sequence) return null;
      status.textContent = '';
      table.classList.add('is-stale');
      showApiError(err);
      markGraphStale(true);
      return null;
    } finally {
      if (mine === sequence) form.removeAttribute('aria-busy');
    }
  }

  // --- The parameter table (keyed by parameter id, rows reused across updates) ------------------
  const rowsById = new Map();
  function renderTable(parameters) {
    const entries = Object.entries(parameters).flatMap(([name, p]) => parameterEntries(name, p.value, p.grad));
    const keep = new Set(entries.map((e) => e.id));
    for (const [key, row] of rowsById) if (!keep.has(key)) { row.remove(); rowsById.delete(key); }
    entries.forEach((e, k) => {
      let row = rowsById.get(e.id);
      if (!row) {
        const sym = el('th', { scope: 'row' }, el('var', { text: e.letter }), el('sup', { text: `[${e.layer}]` }), el('sub', { text: e.sub }));
        row = el('tr', { 'data-param': e.id }, sym, el('td', { class: 'net-num net-value' }), el('td', { class: 'net-num net-grad' }));
        rowsById.set(e.id, row);
      }
      if (tbody.children[k] !== row) tbody.insertBefore(row, tbody.children[k] ?? null);
      row.dataset.value = String(e.value);
      row.dataset.grad = String(e.grad);
      row.children[1].textContent = fmt(e.value);
      row.children[2].textContent = fmt(e.grad);
      // The cell is rounded for reading; hovering shows every digit the API sent.
      row.children[1].title = String(e.value);
      row.children[2].title = String(e.grad);
    });
    table.hidden = entries.length === 0;
  }

  // --- Events -----------------------------------------------------------------------------------
  form.addEventListener('submit', (e) => { e.preventDefault(); submit(); });
  form.addEventListener('input', (e) => { if (e.target.type !== 'radio') schedule(); });
  form.addEventListener('change', (e) => {
    if (e.target === lossSelect) {
      // Keep the output activation paired with the loss unless the user chose another one.
      const last = layersList.lastElementChild?.querySelector('.net-activation');
      const [before, after] = [outputs[lossSelect.dataset.previous], outputs[lossSelect.value]];
      if (last && before && after && last.value === before) last.value = after;
      lossSelect.dataset.previous = lossSelect.value;
      // A softmax over one unit is always 1 (the engine refuses it): figure 6.18's single sigmoid
      // output becomes two classes when the loss turns to ce, its weights resized like any edit.
      const units = layersList.lastElementChild?.querySelector('.net-units');
      if (last?.value === 'softmax' && units && Number(units.value) < 2) units.value = 2;
    }
    if (e.target === weightsRadio || e.target === initRadio) setParamMode(weightsRadio.checked ? 'weights' : 'init');
    // A view or mode switch is one deliberate click: answer at once.
    if (e.target.type === 'radio') submit(); else schedule();
  });
  presetButton.addEventListener('click', () => { fill(FIGURE_6_18); submit(); });
  useWeightsButton.addEventListener('click', () => {
    if (!lastResponse?.parameters) return;
    const weights = Object.fromEntries(Object.entries(lastResponse.parameters).map(([k, p]) => [k, p.value]));
    weightsField.value = prettyWeights(weights);
    setParamMode('weights');
    useWeightsButton.hidden = true;
    weightsField.focus();
    submit();
  });
  ctx.onLangChange?.(() => {
    for (const fn of relabel) fn();
    relabelLayers();
    if (lastResponse) {
      const lossNode = lastResponse.nodes?.find((n) => n.id === lastResponse.output);
      status.textContent = t('net.done', { loss: fmt(toNumber(lossNode?.value)) });
    }
  });

  // A shared link's spec (?net=…, read by the explorer's store) is filled in and computed; otherwise
  // the form starts on figure 6.18.
  fill(initialSpec);
  if (initialSpec) submit();
  schemaFor(schemaStatus, ctx).then((schema) => {
    maxLayers = layerLimit(schema) ?? Infinity;
    maxSeed = rangeOf(schemaAt(schema, 'NetworkRequest', 'seed'))?.[1] ?? maxSeed;
    relabelLayers();
    choices = networkChoices(schema);
    // Switching the loss moves the output layer along with it, by the engine's pairs.
    outputs = outputForLoss(schema) ?? {};
    choose(lossSelect, 'loss', lossSelect.value, 'bce');
    lossSelect.dataset.previous = lossSelect.value;
    choose(initSelect, 'init', initSelect.value, 'small');
    for (const act of layersList.querySelectorAll('.net-activation')) choose(act, 'activation', act.value, 'relu');
  });

  return {
    /** Fills the form from a spec and computes it; resolves to the API's response (or null). */
    load(spec) { fill(spec ?? FIGURE_6_18); return submit(); },
    showStale,
    /** {spec, errors, response}: the spec the form describes now (null if a field is invalid), the
     * problems keeping it from being sent, and the last successful response. */
    getState() {
      const { spec, errors } = readSpec();
      return { spec: Object.keys(errors).length ? null : spec, errors, response: lastResponse, submitted: lastSpec };
    },
    form,
  };
}
