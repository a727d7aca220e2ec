// The forms (training, the explorer's network form) offer the choices and check the bounds that the
// API's schema states (GET /openapi.json, read by schema.js). Until the schema has arrived a line in
// the form says so; if it cannot be fetched, the line says what to check and offers to try again, and
// the form waits: with no choices it could only send what the API would refuse.
import { registerStrings } from './i18n.js';
import strings from './i18n/schema.js';

registerStrings(strings);

/** Resolves to the API's schema, fetched with `ctx.api.apiSchema()` as often as the reader asks to
 *  try again; `box` (an element of the form) shows the wait or the failure and is hidden once done. */
export function schemaFor(box, ctx) {
  let shown = () => {}; // writes what the box says, in the current language
  const render = () => shown();
  const stopRelabelling = ctx.onLangChange?.(render);
  return new Promise((resolve) => {
    const attempt = () => {
      shown = () => { box.replaceChildren(ctx.t('schema.loading')); };
      box.hidden = false;
      box.setAttribute('aria-busy', 'true');
      render();
      ctx.api.apiSchema().then((schema) => {
        box.hidden = true;
        box.removeAttribute('aria-busy');
        box.replaceChildren();
        stopRelabelling?.();
        resolve(schema);
      }, (err) => {
        const reason = err?.status ? `HTTP ${err.status}` : (err?.message || String(err));
        shown = () => {
          const retry = Object.assign(document.createElement('button'), { type: 'button', className: 'schema-retry', textContent: ctx.t('schema.retry') });
          retry.addEventListener('click', attempt);
          box.replaceChildren(ctx.t('schema.failed', { reason }), ' ', retry);
        };
        box.removeAttribute('aria-busy');
        render();
      });
    };
    attempt();
  });
}
