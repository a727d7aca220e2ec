// The page's own store (which view, which language) as pure functions: its initial state from a link,
// its link keys (`view` absent for the explorer, `lang` absent for English) and its actions.

export const VIEW_NAMES = ['explorer', 'training', 'practice'];
export const LANGS = ['en', 'zh'];

/** The page store's initial state from a link (and the browser's stored language choice). */
export function pageFromQuery(query, storedLang = 'en') {
  return {
    view: VIEW_NAMES.includes(query.view) ? query.view : 'explorer',
    lang: LANGS.includes(query.lang) ? query.lang : LANGS.includes(storedLang) ? storedLang : 'en',
  };
}

/** The page store's link keys. */
export const pageToQuery = ({ view, lang }) => ({ view: view === 'explorer' ? null : view, lang: lang === 'en' ? null : lang });

export const pageActions = {
  showView: (state, view) => ({ view: VIEW_NAMES.includes(view) ? view : 'explorer' }),
  chooseLang: (state, lang) => ({ lang: LANGS.includes(lang) ? lang : 'en' }),
};
