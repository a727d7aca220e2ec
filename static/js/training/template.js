import { PRESETS } from './presets.js';
import { PACES } from './state.js';

// The training view's markup: every control labelled (data-i18n fills the words in the current
// language), no inline script or style (the page's CSP forbids both). Number fields then get their min
// and max from the API's schema (index.js, config.js trainingSchema), which the view waits for.
// Text in an attribute is escaped (the choices are the schema's words, not the page's markup).
const ENTITIES = { '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' };
const attr = (text) => String(text).replace(/[&"<>]/g, (c) => ENTITIES[c]);
const option = (value, key) => `<option value="${attr(value)}" data-i18n="${attr(key)}"></option>`;
const select = (id, name, options) => `<select id="${id}" name="${name}">${options.join('')}</select>`;
const number = (id, name, attrs) => `<input id="${id}" name="${name}" type="number" inputmode="decimal" ${attrs}>`;
// hintKey: an i18n key, or LIVE_HINT for a hint the view writes itself (it depends on other fields).
const LIVE_HINT = Symbol('live hint');
const hint = (id, hintKey) => {
  if (!hintKey) return '';
  return `<small id="${id}-hint" class="train-hint"${hintKey === LIVE_HINT ? '' : ` data-i18n="${hintKey}"`}></small>`;
};
const field = (id, key, control, hintKey, className = '') => `
  <div class="train-field ${className}" id="${id}-field">
    <label for="${id}" data-i18n="${key}"></label>${control}
    ${hint(id, hintKey)}
  </div>`;

// A choice's options: its values (config.js trainingSchema's choices: the API's), its words from the i18n table.
const options = (values, prefix) => values.map((v) => option(v, `training.${prefix}.${v}`));

// μ (momentum) or β1, β2, ε (Adam): shown only while their optimiser is chosen (form.js showDependent).
function optimizerField(prefix, name, key, attrs) {
  const id = `${prefix}${key}`;
  // Its hint is live: what the setting does, then its range and default as the API's schema states them.
  return field(id, `training.${key}`, number(id, name(key), `${attrs} aria-describedby="${id}-hint"`), LIVE_HINT, 'train-opt-param');
}

// The hyperparameters configuration B may change (prefix "train-" for A, "train-b-" for B).
function hyper(choices, prefix, name = (n) => n) {
  return `
    ${field(`${prefix}hidden`, 'training.hidden', `<input id="${prefix}hidden" name="${name('hidden')}" type="text" autocomplete="off" spellcheck="false" aria-describedby="${prefix}hidden-hint">`, 'training.hidden.hint')}
    ${field(`${prefix}activation`, 'training.activation', select(`${prefix}activation`, name('activation'), options(choices.activation, 'act')))}
    ${field(`${prefix}optimizer`, 'training.optimizer', select(`${prefix}optimizer`, name('optimizer'), options(choices.optimizer, 'opt')))}
    ${field(`${prefix}lr`, 'training.lr', number(`${prefix}lr`, name('lr'), `step="any" aria-describedby="${prefix}lr-hint"`), LIVE_HINT)}
    ${optimizerField(prefix, name, 'momentum', 'step="0.05"')}
    ${optimizerField(prefix, name, 'beta1', 'step="0.05"')}
    ${optimizerField(prefix, name, 'beta2', 'step="0.001"')}
    ${optimizerField(prefix, name, 'eps', 'step="any"')}
    ${field(`${prefix}batchSize`, 'training.batchSize', number(`${prefix}batchSize`, name('batchSize'), `step="1" aria-describedby="${prefix}batchSize-hint"`), 'training.batchSize.hint')}
    ${field(`${prefix}l2`, 'training.l2', number(`${prefix}l2`, name('l2'), 'step="any"'))}
    ${field(`${prefix}dropout`, 'training.dropout', number(`${prefix}dropout`, name('dropout'), 'step="0.05"'))}`;
}

/** The view's markup; `choices`: {dataset, activation, loss, init, optimizer} → the values offered. */
export const trainingTemplate = (choices) => `
<div class="training">
  <form class="training-controls" id="train-form" novalidate>
    <fieldset class="train-presets">
      <legend data-i18n="training.presets"></legend>
      <div class="train-preset-list" role="group" data-i18n-aria-label="training.presets">
        ${PRESETS.map((p) => `<button type="button" class="train-preset" data-preset="${p.id}" aria-pressed="false" data-i18n="training.preset.${p.id}"></button>`).join('')}
      </div>
    </fieldset>
    <fieldset>
      <legend data-i18n="training.data"></legend>
      ${field('train-dataset', 'training.dataset', select('train-dataset', 'dataset',
    options(choices.dataset, 'dataset')))}
      <div id="train-generated" class="train-grid">
        ${field('train-n', 'training.n', number('train-n', 'n', 'step="1"'))}
        ${field('train-noise', 'training.noise', number('train-noise', 'noise', 'step="0.05"'))}
        ${field('train-dataSeed', 'training.dataSeed', number('train-dataSeed', 'dataSeed', 'step="1"'))}
        ${field('train-scales', 'training.scales', '<input id="train-scales" name="scales" type="text" autocomplete="off" spellcheck="false" aria-describedby="train-scales-hint">', 'training.scales.hint', 'train-wide')}
      </div>
      <div id="train-csv-box" hidden>
        ${field('train-csv', 'training.csv', '<textarea id="train-csv" name="csv" rows="6" spellcheck="false" aria-describedby="train-csv-hint"></textarea>', 'training.csv.hint')}
        <div class="train-file">
          <input id="train-csv-file" class="visually-hidden" type="file" accept=".csv,.tsv,.txt,text/csv,text/plain">
          <label for="train-csv-file" class="train-file-button" data-i18n="training.csvFile"></label>
          <span id="train-csv-name" class="train-hint"></span>
        </div>
        <small id="train-csv-link" class="train-hint" role="status"></small>
      </div>
    </fieldset>
    <fieldset>
      <legend data-i18n="training.network"></legend>
      ${field('train-loss', 'training.loss', select('train-loss', 'loss', options(choices.loss, 'loss')))}
      ${field('train-init', 'training.init', select('train-init', 'init', options(choices.init, 'init')))}
    </fieldset>
    <fieldset>
      <legend data-i18n="training.hyper"></legend>
      <div class="train-grid">
        ${hyper(choices, 'train-')}
        ${field('train-epochs', 'training.epochs', number('train-epochs', 'epochs', 'step="1"'))}
        ${field('train-devFraction', 'training.devFraction', number('train-devFraction', 'devFraction', 'step="0.05"'))}
        ${field('train-seed', 'training.seed', number('train-seed', 'seed', 'step="1"'))}
      </div>
      <div class="train-check"><input id="train-normalize" name="normalize" type="checkbox"><label for="train-normalize" data-i18n="training.normalize"></label></div>
    </fieldset>
    <fieldset>
      <legend data-i18n="training.compare"></legend>
      <div class="train-check"><input id="train-compare" name="compare" type="checkbox" aria-controls="train-b"><label for="train-compare" data-i18n="training.compare.toggle"></label></div>
      <fieldset id="train-b" class="train-b" hidden>
        <legend data-i18n="training.configB"></legend>
        <div class="train-grid">${hyper(choices, 'train-b-', (n) => `b_${n}`)}</div>
      </fieldset>
    </fieldset>
  </form>
  <div class="training-main">
    <div class="training-buttons" role="group" data-i18n-aria-label="training.toolbar">
      <button type="button" id="train-run" class="primary" data-i18n="training.train"></button>
      <button type="button" id="train-pause" disabled data-i18n="training.pause"></button>
      <button type="button" id="train-step" data-i18n="training.step"></button>
      <button type="button" id="train-reset" data-i18n="training.reset"></button>
      <button type="button" id="train-show" data-i18n="training.show"></button>
      <span class="train-pace">
        <label for="train-pace" data-i18n="training.pace"></label>
        <select id="train-pace" aria-describedby="train-pace-hint">${PACES.map((p) => `<option value="${p ?? 'max'}"></option>`).join('')}</select>
        <small id="train-pace-hint" class="visually-hidden" data-i18n="training.pace.hint"></small>
      </span>
    </div>
    <p id="train-preset-note" class="train-preset-note" hidden></p>
    <div class="training-progress">
      <progress id="train-progress" max="1" value="0" data-i18n-aria-label="training.progress"></progress>
      <span id="train-status" class="train-status"></span>
    </div>
    <div id="train-error" class="training-error" role="alert" hidden></div>
    <div id="train-plots" class="training-plots">
      <figure id="train-scatter-A" class="training-scatter"><figcaption id="train-scatter-A-caption"></figcaption></figure>
      <figure id="train-scatter-B" class="training-scatter" hidden><figcaption id="train-scatter-B-caption"></figcaption></figure>
      <div class="training-curves">
        <figure id="train-loss-chart" class="training-curve"><figcaption data-i18n="training.chart.loss"></figcaption></figure>
        <figure id="train-acc-chart" class="training-curve"><figcaption data-i18n="training.chart.accuracy"></figcaption></figure>
        <p class="training-legend" id="train-legend"></p>
        <figure id="train-health" class="training-curve"><figcaption data-i18n="training.chart.health"></figcaption></figure>
      </div>
    </div>
    <div class="training-live">
      <figure id="train-network" class="training-network-figure"><figcaption id="train-network-caption"></figcaption></figure>
      <section id="train-unit" class="training-unit" hidden aria-live="polite">
        <h3 class="unit-title"></h3>
        <p class="train-hint" data-i18n="training.unit.hint"></p>
        <table class="train-unit-table"></table>
      </section>
    </div>
    <section id="train-update" class="training-update" hidden aria-labelledby="train-update-title">
      <h3 id="train-update-title"></h3>
      <p id="train-update-summary"></p>
      <div id="train-update-masks" class="train-masks"></div>
      <div class="train-table-wrap"><table id="train-update-table"></table></div>
    </section>
  </div>
</div>`;
