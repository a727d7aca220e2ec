// UI strings in English and 简体中文. Each view registers its own table (static/js/i18n/<view>.js);
// t(key, params) looks a key up in the current language, falling back to English, then to the key.
const tables = { en: {}, zh: {} };
const LANG_KEY = 'backprop-explorer.lang';
const LANG_COOKIE = 'lang'; // read by app/routers/page.py
let lang = 'en';
const listeners = new Set();

export function registerStrings(byLang) {
  for (const [code, strings] of Object.entries(byLang)) Object.assign(tables[code] ??= {}, strings);
}

export function t(key, params = {}) {
  const text = tables[lang]?.[key] ?? tables.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

export const getLang = () => lang;

export function setLang(code) {
  lang = code in tables ? code : 'en';
  try { localStorage.setItem(LANG_KEY, lang); } catch { /* storage may be disabled */ }
  // The server cannot read localStorage: the cookie lets it render the first paint in this language.
  document.cookie = `${LANG_COOKIE}=${lang}; path=/; max-age=31536000; SameSite=Lax`;
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  applyStatic(document);
  for (const fn of listeners) fn(lang);
}

export function initialLang() {
  try { return localStorage.getItem(LANG_KEY) || 'en'; } catch { return 'en'; }
}

export function onLangChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }

const known = (key) => key in tables.en;

// Elements carrying data-i18n (text), data-i18n-aria-label, data-i18n-title or data-i18n-placeholder.
// A key whose table is not registered yet is left alone: its element holds the server's words (the
// page arrives with the views' frames, templates/views/) until the view's module registers them. Words
// already right are not written again: the server's first paint stays the same text node, so the
// browser does not paint (and count as the largest paint) the same words a second time.
export function applyStatic(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const text = known(el.dataset.i18n) ? t(el.dataset.i18n) : null;
    if (text !== null && el.textContent !== text) el.textContent = text;
  }
  for (const [attr, name] of [['i18nAriaLabel', 'aria-label'], ['i18nTitle', 'title'], ['i18nPlaceholder', 'placeholder']]) {
    for (const el of root.querySelectorAll(`[data-${name === 'aria-label' ? 'i18n-aria-label' : 'i18n-' + name}]`)) {
      if (known(el.dataset[attr])) el.setAttribute(name, t(el.dataset[attr]));
    }
  }
}
