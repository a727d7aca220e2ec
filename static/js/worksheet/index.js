// The printable worksheet (`/?worksheet=1&…`, see sources.js): for each graph, a sheet with the
// inputs' values and a numbered box for every other number (the graph, then a list of the boxes to
// answer in), and after all sheets, from a new page, the answer key: every number and the arithmetic
// that gives it. The graph is drawn by the explorer's renderer, off screen, and copied into the page
// as a standalone SVG (explorer/export.js), so print sizes it to the paper and nothing is cut off.
import { registerStrings, applyStatic } from '../i18n.js';
import strings from '../i18n/teach.js';
import practiceStrings from '../i18n/practice.js';
import { createGraphView } from '../explorer/graphview.js';
import { serializeSvg } from '../explorer/export.js';
import { stateAt } from '../explorer/timeline.js';
import { displayName } from '../explorer/narrate.js';
import { fmtAny } from '../format.js';
import { el, math } from '../practice/dom.js';
import { worksheetItems, blankAnswer, askedState } from './blanks.js';
import { worksheetRequests } from './sources.js';
import { printSlices } from './slices.js';
import { resolveAnswer } from '../answer.js';
import { loadOps } from '../ops.js';

registerStrings(strings);
registerStrings(practiceStrings);

// The off-screen stage the renderer draws into: wide enough that a figure-6.18-sized graph is laid
// out as on a laptop screen (the copy is then scaled to the paper).
const STAGE = { width: 1200, height: 800 };

export function mount(ctx) {
  const { t } = ctx;
  document.body.classList.add('is-worksheet');
  const root = el('div', { class: 'worksheet', id: 'worksheet' });
  document.querySelector('main').append(root);
  const stage = el('div', { class: 'worksheet-stage graph-container', 'aria-hidden': 'true' });
  stage.style.width = `${STAGE.width}px`;
  stage.style.height = `${STAGE.height}px`;
  document.body.append(stage);
  const view = createGraphView(stage, ctx, { still: true }); // copied at once: drawn without transitions
  let sheets = null; // [{answer, items, title}] once loaded

  const tools = el('div', { class: 'worksheet-tools no-print' }, [
    el('button', { type: 'button', class: 'primary', id: 'worksheet-print', 'data-i18n': 'worksheet.print',
      on: { click: () => window.print() } }),
    el('a', { id: 'worksheet-back', href: backLink(), 'data-i18n': 'worksheet.back' }),
    el('p', { class: 'worksheet-hint', 'data-i18n': 'worksheet.printHint' }),
  ]);
  const status = el('p', { class: 'worksheet-status', role: 'status' });

  /** The renderer's drawing of `answer` with everything shown, as <svg> elements for the page: one,
   *  or for a wide graph several slices (slices.js), each readable on paper. */
  function drawing(raw, label) {
    const answer = resolveAnswer(raw);
    view.render(answer);
    // Everything shown but what no box asks (a network's data's gradients): blanks.js askedState.
    view.setRevealed(askedState(answer, { ...stateAt(answer, answer.steps.length), current: null, active: new Set() }));
    const doc = new DOMParser().parseFromString(serializeSvg(view.svg), 'image/svg+xml');
    const whole = document.importNode(doc.documentElement, true);
    const parts = printSlices(whole.getAttribute('viewBox').split(/\s+/).map(Number));
    return parts.map((box, k) => {
      const svg = k === parts.length - 1 ? whole : whole.cloneNode(true);
      svg.setAttribute('viewBox', box.join(' '));
      svg.removeAttribute('width');
      svg.removeAttribute('height');
      svg.setAttribute('class', 'worksheet-svg');
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', parts.length > 1 ? `${label} (${t('worksheet.part', { n: k + 1, count: parts.length })})` : label);
      return svg;
    });
  }

  const name = (graph, id) => displayName(graph.nodes.find((n) => n.id === id));
  const what = (graph, item) => t(`worksheet.kind.${item.kind}`, {
    name: name(graph, item.node), source: item.source === undefined ? '' : name(graph, item.source) });

  function sheet({ answer, items, title }, k, count) {
    const output = name(answer, answer.output);
    return el('section', { class: 'worksheet-sheet', dataset: { exercise: String(k + 1) } }, [
      el('header', { class: 'worksheet-head' }, [
        el('h1', { text: t('worksheet.title', { title }) }),
        count > 1 ? el('p', { class: 'worksheet-count', text: t('worksheet.exercise', { n: k + 1, count }) }) : null,
        el('p', { class: 'worksheet-name' }, [
          el('span', { text: `${t('worksheet.name')}: ` }), el('span', { class: 'worksheet-line' }),
          el('span', { text: ` ${t('worksheet.date')}: ` }), el('span', { class: 'worksheet-line short' }),
        ]),
      ]),
      el('p', { class: 'worksheet-instructions', text: t('worksheet.instructions', { output }) }),
      el('figure', { class: 'worksheet-graph' }, drawing(blankAnswer(answer, items), t('worksheet.graph', { title }))),
      el('h2', { text: t('worksheet.boxes') }),
      el('ol', { class: 'worksheet-boxes' }, items.map((item) => el('li', { dataset: { box: String(item.n), kind: item.kind } }, [
        el('span', { class: 'worksheet-n', text: `(${item.n})` }), ' ',
        el('span', { class: 'worksheet-what', text: what(answer, item) }), ' ', item.kind === 'value' ? null : math(item.asked), ' = ',
        el('span', { class: 'worksheet-line' }),
      ]))),
    ]);
  }

  function key({ answer, items, title }, k) {
    const row = (item) => el('tr', { dataset: { box: String(item.n), kind: item.kind } }, [
      el('td', { class: 'worksheet-n', text: `(${item.n})` }),
      el('td', { class: 'worksheet-answer', text: fmtAny(item.answer) }),
      el('td', {}, [el('span', { text: what(answer, item) }), ' ', item.kind === 'value' ? null : math(item.asked)]),
      el('td', { class: 'worksheet-work' }, [workOf(item)]),
    ]);
    return el('section', { class: 'worksheet-key', dataset: { exercise: String(k + 1) } }, [
      el('h1', { text: t('worksheet.keyTitle', { title }) }),
      el('figure', { class: 'worksheet-graph' }, drawing(answer, t('worksheet.graph', { title }))),
      el('table', { class: 'worksheet-table' }, [
        el('thead', {}, [el('tr', {}, ['box', 'answer', 'what', 'work'].map((c) => el('th', { scope: 'col', text: t(`worksheet.col.${c}`) })))]),
        el('tbody', {}, items.map(row)),
      ]),
    ]);
  }

  /** The arithmetic of an answer; an upstream gradient says which boxes it gathers. */
  function workOf(item) {
    if (item.kind !== 'upstream' || !item.from?.length) {
      return item.kind === 'upstream' ? el('span', {}, [math(item.work), ` (${t('worksheet.seed')})`]) : math(item.work);
    }
    const boxes = item.from.map((n) => `(${n})`).join(' + ');
    return el('span', {}, [`${t(item.from.length > 1 ? 'worksheet.from' : 'worksheet.fromOne', { boxes })}: `, math(item.work)]);
  }

  function renderAll() {
    applyStatic(tools);
    if (!sheets) return;
    const count = sheets.length;
    root.replaceChildren(tools, ...sheets.map((s, k) => sheet(s, k, count)), ...sheets.map((s, k) => key(s, k)));
    root.dataset.ready = 'true';
  }

  async function load() {
    const { requests, error } = worksheetRequests(ctx.urlState.initial()); // the link as opened, whatever the explorer writes since
    root.replaceChildren(tools, status);
    applyStatic(tools);
    if (error) { status.textContent = t(error === 'net' ? 'worksheet.error' : 'worksheet.nothing', { message: 'net' }); return; }
    status.textContent = t('worksheet.loading');
    try {
      // The op table arrives alongside: each value box's work fills its node formula with numbers.
      const [answers] = await Promise.all([Promise.all(requests.map((r) => ctx.api.postJSON(r.path, r.body))), loadOps()]);
      sheets = answers.map((a, k) => {
        const graph = a.graph ?? a;
        const r = requests[k];
        const title = r.exercise
          ? `${t(`practice.set.${r.exercise}`)}${r.seed !== undefined ? ` · ${t('practice.seed')} ${r.seed}` : ''}`
          : r.title ?? t('app.tab.explorer');
        return { answer: graph, items: worksheetItems(graph), title };
      });
      renderAll();
    } catch (err) {
      status.textContent = t('worksheet.error', { message: err?.detail?.message ?? err?.message ?? '?' });
    }
  }

  ctx.onLangChange?.(renderAll);
  load();
}

/** The explorer with the same graph: the link without the worksheet key. */
function backLink() {
  const params = new URLSearchParams(location.search);
  params.delete('worksheet');
  params.delete('count');
  if (params.get('exercise')) params.set('view', 'practice');
  const query = params.toString();
  return query ? `?${query}` : location.pathname;
}
