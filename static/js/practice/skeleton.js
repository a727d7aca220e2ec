// The practice view's fixed frame: the exercise picker (set, seed, start, from the explorer, start
// over, share link), a status line, the graph area and the panel area. One job: this DOM and its events.
import { applyStatic } from '../i18n.js';
import { el } from './dom.js';
import { MAX_SEED, MAX_COUNT, isLevel } from './state.js';

export function buildSkeleton(root, ctx, sets) {
  const { t } = ctx;
  const select = el('select', { id: 'practice-exercise', name: 'exercise' },
    [...sets, 'explorer'].map((name) => el('option', { value: name, 'data-i18n': `practice.set.${name}` })));
  const seed = el('input', { id: 'practice-seed', name: 'seed', type: 'number', min: 0, max: MAX_SEED, step: 1,
    required: true, 'aria-describedby': 'practice-seed-help' });
  const newSeed = el('button', { type: 'button', id: 'practice-new-seed', 'data-i18n': 'practice.newSeed' });
  const count = el('input', { id: 'practice-count', name: 'count', type: 'number', min: 1, max: MAX_COUNT, step: 1,
    'aria-describedby': 'practice-count-help' });
  const seedGroup = el('span', { class: 'practice-seed-group' }, [
    el('label', { for: 'practice-seed', 'data-i18n': 'practice.seed' }), seed, newSeed,
    el('span', { id: 'practice-seed-help', class: 'visually-hidden', 'data-i18n': 'practice.seed.help' }),
    el('label', { for: 'practice-count', 'data-i18n': 'practice.count' }), count,
    el('span', { id: 'practice-count-help', class: 'visually-hidden', 'data-i18n': 'practice.count.help' }),
  ]);
  const startButton = el('button', { type: 'submit', id: 'practice-start', class: 'primary', 'data-i18n': 'practice.start' });
  const fromExplorer = el('button', { type: 'button', id: 'practice-from-explorer', 'data-i18n': 'practice.fromExplorer' });
  const restart = el('button', { type: 'button', id: 'practice-restart', 'data-i18n': 'practice.restart' });
  // The class link: the set (level, seed, count) from its first exercise, the same for every student.
  const share = el('a', { id: 'practice-share', href: '', 'data-i18n': 'practice.share' });
  const worksheet = el('a', { id: 'practice-worksheet', href: '', target: '_blank', 'data-i18n': 'practice.worksheet' });
  const form = el('form', { id: 'practice-choice', class: 'practice-bar', novalidate: true }, [
    el('span', { class: 'practice-field' }, [el('label', { for: 'practice-exercise', 'data-i18n': 'practice.exercise' }), select]),
    seedGroup, startButton, fromExplorer, restart, share, worksheet,
  ]);
  const status = el('p', { id: 'practice-status', class: 'practice-status', role: 'status' });
  const graph = el('div', { id: 'practice-graph', class: 'practice-graph graph-container', role: 'region',
    'data-i18n-aria-label': 'practice.graph' });
  const panel = el('div', { id: 'practice-panel', class: 'practice-panel' });
  // The heading and intro come server-rendered (templates/index.html, the page's language): kept as
  // they are, so the first paint (and the largest, the intro) needs no script and nothing moves.
  const frame = root.querySelector(':scope > .practice') ?? el('div', { class: 'practice' }, [
    el('h2', { class: 'practice-heading', 'data-i18n': 'practice.heading' }),
    el('p', { class: 'practice-intro', 'data-i18n': 'practice.intro' }),
  ]);
  frame.append(form, status, el('div', { class: 'practice-body' }, [graph, panel]));
  if (frame.parentNode !== root) root.replaceChildren(frame);
  applyStatic(root);

  const showSeed = () => { seedGroup.hidden = !isLevel(select.value); };
  select.addEventListener('change', showSeed);
  const handlers = {};
  // The links follow the picker as it is changed (a teacher copies the class link without starting the
  // set first); Start then opens the same set.
  const picked = () => ({ exercise: select.value, seed: isLevel(select.value) ? seed.value : null, count: count.value });
  form.addEventListener('input', () => handlers.pick?.(picked()));
  form.addEventListener('change', () => handlers.pick?.(picked()));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const n = Number(seed.value);
    const valid = Number.isInteger(n) && n >= 0 && n <= MAX_SEED && seed.value.trim() !== '';
    if (isLevel(select.value) && !valid) {
      seed.setAttribute('aria-invalid', 'true');
      status.textContent = t('practice.seed.invalid', { max: MAX_SEED });
      status.classList.add('is-error');
      ctx.announce(status.textContent);
      seed.focus();
      return;
    }
    seed.removeAttribute('aria-invalid');
    handlers.start?.({ exercise: select.value, seed: isLevel(select.value) ? n : null, count: count.value });
  });
  newSeed.addEventListener('click', () => {
    seed.value = String(handlers.newSeed?.() ?? 1);
    handlers.start?.({ exercise: select.value, seed: Number(seed.value), count: count.value });
  });
  fromExplorer.addEventListener('click', () => handlers.fromExplorer?.());
  restart.addEventListener('click', () => handlers.restart?.());

  return {
    graph, panel,
    /** Shows the store's choice (practice/state.js) and the links made from it. */
    setChoice(state, { classLink, worksheetLink }) {
      select.value = state.exercise;
      if (state.seed !== null) seed.value = String(state.seed);
      else if (!seed.value) seed.value = '1';
      count.value = String(state.count);
      showSeed();
      this.setLinks(state.exercise, { classLink, worksheetLink });
    },
    /** The class and worksheet links of the set `exercise` (from the store or the picker). */
    setLinks(exercise, { classLink, worksheetLink }) {
      share.href = classLink;
      worksheet.href = worksheetLink;
      worksheet.hidden = exercise === 'explorer';
    },
    setStatus(text, { error = false } = {}) {
      status.textContent = text;
      status.classList.toggle('is-error', error);
      if (error) ctx.announce(text);
    },
    onStart(fn) { handlers.start = fn; },
    /** fn({exercise, seed, count}) on every change of the picker, before Start (the fields' text). */
    onPick(fn) { handlers.pick = fn; },
    onNewSeed(fn) { handlers.newSeed = fn; },
    onFromExplorer(fn) { handlers.fromExplorer = fn; },
    onRestart(fn) { handlers.restart = fn; },
    refreshLanguage() { applyStatic(root); },
  };
}
