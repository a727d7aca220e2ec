// Boots the page: language, the three views (explorer, training, practice) and the shared context.
// The page's own state (which view, which language) is a store like each view's, written to the link
// by urlstate.js: `view` (absent for the explorer) and `lang` (absent for English).
import * as api from './api.js';
import * as urlState from './urlstate.js';
import { createStore } from './store.js';
import { loadKatex } from './katex.js';
import { t, setLang, getLang, initialLang, onLangChange, registerStrings, applyStatic } from './i18n.js';
import appStrings from './i18n/app.js';
import { VIEW_NAMES, pageFromQuery, pageToQuery, pageActions } from './page_state.js';

registerStrings(appStrings);

// Each view's modules are loaded and mounted when first needed: the explorer when shown or asked for by
// another view (training opens its updates in it, practice asks for its graph), training and practice
// when shown. A visit that stays in one view fetches and runs only what that view needs (the page
// preloads only the opened view's modules: app/routers/page.py).
const VIEWS = {
  explorer: async () => ({ mount: () => explorer() }),
  training: () => import('./training/index.js'),
  practice: () => import('./practice/index.js'),
};
const live = document.getElementById('live');

function announce(text) {
  // Clearing first makes screen readers repeat an identical message.
  live.textContent = '';
  requestAnimationFrame(() => { live.textContent = text; });
}

let explorerHandle = null;
/** A promise of the explorer's handle, loading and mounting it on first use. */
function explorer() {
  explorerHandle ??= import('./explorer/index.js').then((view) => mountIn('explorer', view));
  return explorerHandle;
}

/** Mounts a view and fills its data-i18n texts (the language may have been chosen before). */
function mountIn(name, view) {
  const section = document.getElementById(`view-${name}`);
  const handle = view.mount(section, ctx) ?? true;
  applyStatic(section);
  return handle;
}

const pageStore = createStore(pageFromQuery(urlState.initial(), initialLang()), pageActions);
const ctx = {
  api, t, onLangChange, announce, urlState,
  get lang() { return getLang(); },
  /** A promise of the explorer's handle (its modules are loaded on first use). */
  get explorer() { return explorer(); },
  showView: (name) => pageStore.actions.showView(name),
  /** Projector mode: whether the page is presenting (kept in the page's store, hence in the link). */
  get presenting() { return pageStore.getState().presenting; },
  setPresenting: (on) => pageStore.actions.present(on),
};
const mounted = {};

/** The view's handle (what its mount returned), mounting it on first use. */
function ensureMounted(name) {
  mounted[name] ??= VIEWS[name]().then((view) => (name === 'explorer' ? view.mount() : mountIn(name, view)));
  return mounted[name];
}

// The header's height, for layouts that fill the rest of the screen (the explorer on a phone).
const topbar = document.querySelector('.topbar');
new ResizeObserver(() => {
  document.documentElement.style.setProperty('--topbar-height', `${topbar.getBoundingClientRect().height}px`);
}).observe(topbar);

const tabs = [...document.querySelectorAll('[role="tab"]')];
const langToggle = document.getElementById('lang-toggle');

function renderView({ view }) {
  for (const key of VIEW_NAMES) {
    const active = key === view;
    document.getElementById(`view-${key}`).hidden = !active;
    const tab = document.getElementById(`tab-${key}`);
    tab.setAttribute('aria-selected', String(active));
    tab.tabIndex = active ? 0 : -1;
  }
  ensureMounted(view);
}

function renderLang({ lang }) {
  setLang(lang);
  const other = lang === 'zh' ? 'en' : 'zh';
  langToggle.textContent = other === 'zh' ? '中文' : 'English';
  langToggle.lang = other === 'zh' ? 'zh' : 'en';
  langToggle.setAttribute('aria-label', other === 'zh' ? '切换到简体中文' : 'Switch to English');
}

for (const tab of tabs) {
  tab.addEventListener('click', () => pageStore.actions.showView(tab.dataset.view));
  tab.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(tab);
    const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : null;
    if (next) { e.preventDefault(); next.focus(); pageStore.actions.showView(next.dataset.view); }
  });
}
langToggle.addEventListener('click', () => pageStore.actions.chooseLang(getLang() === 'zh' ? 'en' : 'zh'));

pageStore.subscribe((state, previous) => {
  if (state.lang !== previous.lang) renderLang(state);
  if (state.view !== previous.view) renderView(state);
});
urlState.connect(pageStore, pageToQuery);
// Every string is registered before anything renders (the views' tables load with their modules).
renderLang(pageStore.getState());
renderView(pageStore.getState());
// The help panel (explorer/help.js) is reachable from every view: the header's Help button and "?".
import('./explorer/help.js').then(({ mountHelp }) => mountHelp(ctx));
// A link to a training update shown in the explorer: the training view replays it (and fills its table).
if (urlState.initial().train_update) ensureMounted('training').then((training) => training.restoreUpdate?.());
// Teachers' tools: a printable worksheet of the link's graph, or projector mode (worksheet/, present/).
if (urlState.initial().worksheet) import('./worksheet/index.js').then(({ mount }) => mount(ctx));
else import('./present/projector.js').then(({ mountProjector }) => mountProjector(ctx));
// Formulas are typeset by KaTeX (static/js/katex.js), fetched when the first formula is shown; the
// first touch or key press anywhere gives it a head start, since stepping is what shows formulas.
for (const type of ['pointerdown', 'keydown']) addEventListener(type, () => loadKatex().catch(() => {}), { once: true, capture: true });
