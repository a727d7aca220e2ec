// The page's own store (which view, which language, projector mode) as pure functions: its initial
// state from a link, its link keys (`view` absent for the explorer, `lang` absent for English,
// `present=1` while presenting) and its actions.

export const VIEW_NAMES = ['explorer', 'training', 'practice'];
export const LANGS = ['en', 'zh'];

/** The page store's initial state from a link (and the browser's stored language choice). */
export function pageFromQuery(query, storedLang = 'en') {
  return {
    view: VIEW_NAMES.includes(query.view) ? query.view : 'explorer',
    lang: LANGS.includes(query.lang) ? query.lang : LANGS.includes(storedLang) ? storedLang : 'en',
    presenting: query.present === '1',
  };
}

/** The page store's link keys. */
export const pageToQuery = ({ view, lang, presenting }) => ({
  view: view === 'explorer' ? null : view, lang: lang === 'en' ? null : lang, present: presenting ? '1' : null });

export const pageActions = {
  showView: (state, view) => ({ view: VIEW_NAMES.includes(view) ? view : 'explorer' }),
  chooseLang: (state, lang) => ({ lang: LANGS.includes(lang) ? lang : 'en' }),
  /** Projector mode entered (true) or left (false): static/js/present/projector.js. */
  present: (state, presenting) => ({ presenting: Boolean(presenting) }),
};
