// Boots the page: language, the three views (explorer, training, practice) and the shared context.
import * as api from './api.js';
import * as urlState from './urlstate.js';
import { t, setLang, getLang, initialLang, onLangChange, registerStrings } from './i18n.js';
import appStrings from './i18n/app.js';
import * as explorerView from './explorer/index.js';
import * as trainingView from './training/index.js';
import * as practiceView from './practice/index.js';

registerStrings(appStrings);

const VIEWS = { explorer: explorerView, training: trainingView, practice: practiceView };
const live = document.getElementById('live');

function announce(text) {
  // Clearing first makes screen readers repeat an identical message.
  live.textContent = '';
  requestAnimationFrame(() => { live.textContent = text; });
}

const ctx = { api, t, get lang() { return getLang(); }, onLangChange, announce, urlState, explorer: null };
const mounted = {};

function ensureMounted(name) {
  if (!mounted[name]) mounted[name] = VIEWS[name].mount(document.getElementById(`view-${name}`), ctx) ?? true;
  return mounted[name];
}

function showView(name, { push = true } = {}) {
  if (!(name in VIEWS)) name = 'explorer';
  for (const key of Object.keys(VIEWS)) {
    const section = document.getElementById(`view-${key}`);
    const tab = document.getElementById(`tab-${key}`);
    const active = key === name;
    section.hidden = !active;
    tab.setAttribute('aria-selected', String(active));
    tab.tabIndex = active ? 0 : -1;
  }
  ensureMounted(name);
  if (push) urlState.update({ view: name === 'explorer' ? null : name });
}
ctx.showView = showView;

const tabs = [...document.querySelectorAll('[role="tab"]')];
for (const tab of tabs) {
  tab.addEventListener('click', () => showView(tab.dataset.view));
  tab.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(tab);
    const next = e.key === 'ArrowRight' ? tabs[(i + 1) % tabs.length] : e.key === 'ArrowLeft' ? tabs[(i + tabs.length - 1) % tabs.length] : null;
    if (next) { e.preventDefault(); next.focus(); showView(next.dataset.view); }
  });
}

const langToggle = document.getElementById('lang-toggle');
function labelLangToggle() {
  const other = getLang() === 'zh' ? 'en' : 'zh';
  langToggle.textContent = other === 'zh' ? '中文' : 'English';
  langToggle.lang = other === 'zh' ? 'zh' : 'en';
  langToggle.setAttribute('aria-label', other === 'zh' ? '切换到简体中文' : 'Switch to English');
}
// The language is part of the link (`lang`, left out for English), so a teacher's Chinese link opens
// in Chinese; a link without it opens in the language this browser last chose.
const LANGS = ['en', 'zh'];
function chooseLang(code) {
  setLang(code);
  urlState.update({ lang: getLang() === 'en' ? null : getLang() });
  labelLangToggle();
}
langToggle.addEventListener('click', () => chooseLang(getLang() === 'zh' ? 'en' : 'zh'));

// The explorer is always mounted: the other views open graphs in it.
mounted.explorer = explorerView.mount(document.getElementById('view-explorer'), ctx) ?? true;
ctx.explorer = mounted.explorer;
const linkLang = urlState.get().lang;
chooseLang(LANGS.includes(linkLang) ? linkLang : initialLang());
// The help panel (explorer/help.js) is reachable from every view: the header's Help button and "?".
import('./explorer/help.js').then(({ mountHelp }) => mountHelp(ctx));
showView(urlState.get().view ?? 'explorer', { push: false });
// A link to a training update shown in the explorer: the training view replays it (and fills its table).
if (urlState.get().train_update) ensureMounted('training').restoreUpdate?.();
// Teachers' tools: a printable worksheet of the link's graph (worksheet/index.js).
if (urlState.get().worksheet) import('./worksheet/index.js').then(({ mount }) => mount(ctx));
