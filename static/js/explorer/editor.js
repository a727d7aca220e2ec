// The expression editor: the "Expression" field with its inline error (a caret under the column the
// API reports), and one field per variable: a number with a slider beside it, or a JSON field for a
// tensor. It reports edits through onEdit({source, values, parameters}); the explorer debounces.
// Which names need a field is the engine's to say (the page never parses a source): the explorer
// gives the names of its `missing_value` answer, or those its graph uses (setVariables).
import { isTensor } from '../format.js';
import { errorHint, errorMessage } from '../i18n/engine_messages.js';
import * as d3 from '../d3.js';

const SLIDER_SPAN = 10; // the slider covers ±10 around 0, widened to include the value typed
export const DEFAULT_VALUE = 1; // a new name's value until the learner gives one

/** Values for `names` in that order: known ones kept, new ones DEFAULT_VALUE, others dropped. */
export function valuesFor(names, known) {
  return Object.fromEntries(names.map((n) => [n, n in known ? known[n] : DEFAULT_VALUE]));
}

let editorCount = 0;

/** The caret line under `column` (1-based) of a source line, for the inline error. */
export function caretLine(column) {
  return `${' '.repeat(Math.max(0, (column ?? 1) - 1))}^`;
}

export function createEditor(container, ctx, { onEdit }) {
  const { t } = ctx;
  const uid = ++editorCount;
  const id = (name) => `expr${uid}-${name}`;
  let values = {};
  let parameters = new Set();
  const remembered = {}; // values of names deleted from the expression, restored if typed again
  const invalid = new Set(); // variables whose field holds no number now (emptied, or "1e"): no compute
  // Whether the engine has said which names the source uses: "no variables" is only said once it has
  // (a source it refused, e.g. sigma(x), may well have some).
  let namesKnown = false;

  container.innerHTML = `
    <label class="field-label" for="${id('source')}"></label>
    <textarea id="${id('source')}" class="expr-source" rows="3" spellcheck="false" autocomplete="off"
      autocapitalize="off" aria-describedby="${id('hint')} ${id('error')}"></textarea>
    <p id="${id('hint')}" class="field-hint"></p>
    <div id="${id('error')}" class="expr-error" hidden></div>
    <p class="link-note field-hint" role="status" hidden></p>
    <fieldset class="variables"><legend></legend><p class="variables-none" hidden></p><div class="variable-rows"></div></fieldset>`;
  const label = container.querySelector('.field-label');
  const source = container.querySelector('textarea');
  const hint = container.querySelector('.field-hint');
  const errorBox = container.querySelector('.expr-error');
  const linkNote = container.querySelector('.link-note');
  let linkNoteText = null; // (t) => text while the input is too long for the page's link
  const legend = container.querySelector('legend');
  const none = container.querySelector('.variables-none');
  const rows = d3.select(container).select('.variable-rows');

  source.addEventListener('input', () => emit());

  const current = () => ({ source: source.value, values: { ...values }, parameters: [...parameters].filter((p) => p in values),
    invalid: [...invalid].filter((n) => n in values) });
  const emit = () => onEdit(current());
  // A field that holds no number is marked (and named by the explorer, which waits for a number)
  // instead of silently keeping the last value.
  function markField(el, name, ok) {
    if (ok) { invalid.delete(name); el.removeAttribute('aria-invalid'); el.removeAttribute('aria-errormessage'); return; }
    invalid.add(name);
    el.setAttribute('aria-invalid', 'true');
    el.setAttribute('aria-errormessage', id('error'));
  }

  function drawVariables() {
    const names = Object.keys(values);
    none.hidden = names.length > 0;
    none.textContent = t(namesKnown ? 'explorer.variables.none' : 'explorer.variables.unknown');
    none.dataset.known = String(namesKnown);
    rows.selectAll('div.variable').data(names, (n) => n).join(
      (enter) => {
        const row = enter.append('div').attr('class', 'variable').attr('data-variable', (n) => n);
        row.append('label').attr('class', 'variable-name').attr('for', (n) => `${id('var')}-${cssId(n)}`).text((n) => n);
        row.each(function build(name) { buildInputs(d3.select(this), name); });
        return row;
      },
      (update) => update,
      (exit) => exit.remove(),
    ).each(function refresh(name) { refreshRow(d3.select(this), name); })
      .order();
  }

  function buildInputs(row, name) {
    const inputId = `${id('var')}-${cssId(name)}`;
    row.append('input').attr('type', 'number').attr('step', 'any').attr('class', 'variable-number').attr('id', inputId)
      .on('input', function onNumber() {
        const ok = this.value !== '' && Number.isFinite(Number(this.value));
        markField(this, name, ok);
        if (!ok) { emit(); return; }
        values[name] = Number(this.value);
        refreshRow(row, name, this);
        emit();
      });
    row.append('input').attr('type', 'range').attr('class', 'variable-slider').attr('step', 'any')
      .on('input', function onSlide() {
        values[name] = Number(Number(this.value).toPrecision(3));
        markField(row.select('.variable-number').node(), name, true);
        refreshRow(row, name, this);
        emit();
      });
    row.append('textarea').attr('class', 'variable-json').attr('rows', 1).attr('spellcheck', 'false')
      .on('input', function onJson() {
        let parsed;
        try { parsed = JSON.parse(this.value); } catch { parsed = undefined; }
        const ok = typeof parsed === 'number' || (Array.isArray(parsed) && parsed.length > 0);
        this.setAttribute('aria-invalid', String(!ok));
        this.title = ok ? '' : t('explorer.variable.badJson');
        if (ok) invalid.delete(name); else invalid.add(name);
        if (!ok) { emit(); return; }
        values[name] = parsed;
        refreshRow(row, name, this);
        emit();
      });
    const param = row.append('label').attr('class', 'variable-param');
    param.append('input').attr('type', 'checkbox').on('change', function onParam() {
      if (this.checked) parameters.add(name); else parameters.delete(name);
      emit();
    });
    param.append('span').attr('class', 'variable-param-text');
  }

  /** Bring a row's fields in line with values[name], leaving alone the field being typed in. */
  function refreshRow(row, name, typing = null) {
    const v = values[name];
    const tensor = isTensor(v);
    const inputId = `${id('var')}-${cssId(name)}`;
    const number = row.select('.variable-number').property('hidden', tensor).attr('id', tensor ? null : inputId);
    const slider = row.select('.variable-slider').property('hidden', tensor)
      .attr('aria-label', t('explorer.variable.slider', { name }));
    const json = row.select('.variable-json').property('hidden', !tensor).attr('id', tensor ? inputId : null)
      .attr('aria-label', t('explorer.variable.tensor', { name }));
    if (tensor) {
      if (json.node() !== typing) json.property('value', JSON.stringify(v));
    } else {
      const span = Math.max(SLIDER_SPAN, Math.ceil(Math.abs(v)));
      slider.attr('min', -span).attr('max', span);
      // A field left without a number keeps what the user typed (and its mark) until they fix it.
      if (invalid.has(name)) number.attr('aria-invalid', 'true');
      else number.attr('aria-invalid', null).attr('aria-errormessage', null);
      if (number.node() !== typing && !invalid.has(name)) number.property('value', String(v));
      if (slider.node() !== typing) slider.property('value', String(v));
    }
    row.select('.variable-param input').property('checked', parameters.has(name))
      .attr('aria-label', t('explorer.variable.paramLabel', { name }));
    row.select('.variable-param-text').text(t('explorer.variable.param'));
  }

  let shownError = null; // [detail, sourceText], so switching the language re-renders it
  function showError(detail, sourceText) {
    shownError = detail ? [detail, sourceText] : null;
    errorBox.replaceChildren();
    if (!detail) { errorBox.hidden = true; source.removeAttribute('aria-invalid'); return; }
    errorBox.hidden = false;
    source.setAttribute('aria-invalid', 'true');
    const p = (cls, text) => { const el = document.createElement('p'); el.className = cls; el.textContent = text; errorBox.append(el); return el; };
    if (detail.line) {
      p('expr-error-where', t('explorer.error.at', { line: detail.line, column: detail.column ?? 1 }));
      errorBox.dataset.line = detail.line;
      errorBox.dataset.column = detail.column ?? '';
    } else {
      delete errorBox.dataset.line;
      delete errorBox.dataset.column;
    }
    p('expr-error-message', errorMessage(detail));
    const lineText = detail.line ? String(sourceText ?? '').split(/\r?\n/)[detail.line - 1] : null;
    if (lineText !== undefined && lineText !== null && detail.column) {
      const pre = document.createElement('pre');
      pre.className = 'expr-error-excerpt';
      const code = document.createElement('code');
      const caret = document.createElement('span');
      caret.className = 'caret';
      caret.textContent = caretLine(detail.column);
      code.append(`${lineText}\n`, caret);
      pre.append(code);
      errorBox.append(pre);
    } else if (detail.excerpt) {
      const pre = document.createElement('pre');
      pre.className = 'expr-error-excerpt';
      pre.textContent = detail.excerpt;
      errorBox.append(pre);
    }
    if (detail.hint) p('expr-error-hint', t('explorer.error.hint', { hint: errorHint(detail) }));
  }

  function relabel() {
    label.textContent = t('explorer.expression');
    hint.textContent = t('explorer.expression.hint');
    legend.textContent = t('explorer.variables');
    none.textContent = t(namesKnown ? 'explorer.variables.none' : 'explorer.variables.unknown');
    rows.selectAll('div.variable').each(function refresh(name) { refreshRow(d3.select(this), name); });
    if (shownError) showError(...shownError);
    setLinkNote(linkNoteText);
  }

  /** Says the link leaves this input out (`text`: a function of t, so it follows the language). */
  function setLinkNote(text) {
    linkNoteText = text;
    linkNote.hidden = !text;
    linkNote.textContent = text ? text(t) : '';
  }

  relabel();
  return {
    /** Fill from outside (URL, preset); does not emit. */
    set({ source: text, values: given, parameters: params = [] }) {
      source.value = text;
      parameters = new Set(params);
      invalid.clear();
      values = { ...(given ?? {}) };
      namesKnown = Object.keys(values).length > 0; // else the engine's answer tells
      drawVariables();
    },
    /** The source's free variables as the engine gave them (in order of first use): fields of names
     *  no longer used go (their values remembered, should the name come back); new names get the
     *  value given before for that name, else DEFAULT_VALUE. */
    setVariables(names, kinds = {}) {
      Object.assign(remembered, values);
      const next = valuesFor(names, { ...remembered, ...values });
      for (const n of names) if (kinds[n] === 'parameter') parameters.add(n);
      const changed = !namesKnown || Object.keys(next).join('\u0000') !== Object.keys(values).join('\u0000');
      values = next;
      namesKnown = true;
      if (changed) drawVariables();
    },
    /** The engine refused the source before naming its variables: the fields stay, and the panel no
     *  longer claims there are none. */
    variablesUnknown() {
      if (!namesKnown) return;
      namesKnown = false;
      drawVariables();
    },
    get: current,
    showError, relabel, setLinkNote, focus: () => source.focus(),
    get sourceElement() { return source; },
  };
}

/** A name safe inside an id attribute (Unicode letters are fine in ids; only spaces could break). */
function cssId(name) {
  return encodeURIComponent(name).replace(/%/g, '_');
}
