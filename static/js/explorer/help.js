// The help panel: one <dialog> explaining everything on screen in the textbook's words, opened from
// the header's Help button or the ? key in any view, closed by its button or Escape.
import { registerStrings } from '../i18n.js';
import strings from '../i18n/explorer_extra.js';

registerStrings(strings);

// What the panel says, as data: [kind, key…]. Rebuilt from this on every language switch.
const CONTENT = [
  ['section', 'help.graph.title', [
    ['p', 'help.graph.text'],
    ['terms', [['help.node', 'help.node.text'], ['help.edge', 'help.edge.text'], ['help.value', 'help.value.text']]],
  ]],
  ['section', 'help.backward.title', [
    ['quote', 'help.backward.quote'],
    ['terms', [['help.upstream', 'help.upstream.text'], ['help.local', 'help.local.text'],
      ['help.downstream', 'help.downstream.text'], ['help.grad', 'help.grad.text'], ['help.edgeLabels', 'help.edgeLabels.text']]],
  ]],
  ['section', 'help.colours.title', [
    ['swatches', [['value', 'help.colour.value'], ['grad', 'help.colour.grad'], ['param', 'help.colour.param'],
      ['current', 'help.colour.current']]],
  ]],
  ['section', 'help.controls.title', [
    ['terms', [['help.controls.timeline', 'help.controls.timeline.text'], ['help.controls.stepPanel', 'help.controls.stepPanel.text'],
      ['help.controls.gradients', 'help.controls.gradients.text'], ['help.controls.trainable', 'help.controls.trainable.text'],
      ['help.controls.examples', 'help.controls.examples.text']]],
  ]],
  ['section', 'help.keys.title', [
    ['p', 'help.keys.text'],
    ['keys', [['→', 'help.key.right'], ['←', 'help.key.left'], ['Space', 'help.key.space'], ['Home', 'help.key.home'],
      ['End', 'help.key.end'], ['?', 'help.key.help'], ['Esc', 'help.key.escape']]],
    ['p', 'help.keys.mouse'],
  ]],
  ['section', 'help.network.title', [['p', 'help.network.text']]],
  ['section', 'help.relu.title', [['p', 'help.relu.text']]],
  ['section', 'help.views.title', [['p', 'help.training.text'], ['p', 'help.practice.text']]],
  ['section', 'help.export.title', [['p', 'help.export.text']]],
  ['section', 'help.api.title', [['p', 'help.api.text'], ['link', 'help.api.link', '/docs']]],
];

/** True when a key press is the user typing, not a command. */
export function isTyping(target) {
  if (!target || target.nodeType !== 1) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  return !['button', 'checkbox', 'radio', 'range', 'reset', 'submit', 'color', 'file'].includes(target.type);
}

export function mountHelp(ctx) {
  const { t } = ctx;
  const make = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const dialog = make('dialog', 'help-dialog');
  dialog.id = 'help-dialog';
  dialog.setAttribute('aria-labelledby', 'help-title');
  const header = make('div', 'help-header');
  const title = make('h2', 'help-title');
  title.id = 'help-title';
  const close = make('button', 'help-close');
  close.type = 'button';
  close.id = 'help-close';
  header.append(title, close);
  const body = make('div', 'help-body');
  dialog.append(header, body);
  document.body.append(dialog);

  function render() {
    title.textContent = t('help.title');
    close.textContent = t('help.close');
    close.setAttribute('aria-label', t('help.closeLabel'));
    body.replaceChildren(...CONTENT.map(([, headingKey, blocks]) => {
      const section = make('section', 'help-section');
      section.append(make('h3', null, t(headingKey)));
      for (const [kind, arg, extra] of blocks) section.append(block(kind, arg, extra));
      return section;
    }));
  }
  // Text with the textbook's layer superscripts: "W^[1]" is drawn W<sup>[1]</sup>.
  function rich(tag, className, text) {
    const node = make(tag, className);
    text.split(/\^(\[[^\]]*\])/).forEach((part, k) => node.append(k % 2 ? make('sup', null, part) : part));
    return node;
  }
  function block(kind, arg, extra) {
    if (kind === 'p') return rich('p', null, t(arg));
    if (kind === 'quote') return make('blockquote', 'help-quote', t(arg));
    if (kind === 'link') {
      const a = make('a', 'help-link', t(arg));
      a.href = extra;
      a.target = '_blank';
      a.rel = 'noopener';
      return a;
    }
    if (kind === 'terms') {
      const dl = make('dl', 'help-terms');
      for (const [term, text] of arg) dl.append(make('dt', null, t(term)), rich('dd', null, t(text)));
      return dl;
    }
    if (kind === 'swatches') {
      const ul = make('ul', 'help-swatches');
      for (const [colour, text] of arg) {
        const li = make('li');
        const swatch = make('span', `help-swatch help-swatch-${colour}`);
        swatch.setAttribute('aria-hidden', 'true');
        li.append(swatch, make('span', null, t(text)));
        ul.append(li);
      }
      return ul;
    }
    if (kind === 'keys') {
      const dl = make('dl', 'help-keys');
      for (const [key, text] of arg) {
        const dt = make('dt');
        dt.append(make('kbd', null, key));
        dl.append(dt, make('dd', null, t(text)));
      }
      return dl;
    }
    return make('div');
  }

  // The header button: templates/index.html has it; if a page lacks it, make one beside the language toggle.
  let button = document.getElementById('help-button');
  if (!button) {
    button = make('button');
    button.id = 'help-button';
    button.type = 'button';
    const lang = document.getElementById('lang-toggle');
    if (lang) lang.before(button); else document.body.prepend(button);
  }
  button.setAttribute('aria-haspopup', 'dialog');
  button.setAttribute('aria-controls', 'help-dialog');
  function labelButton() {
    button.textContent = t('help.button');
    button.setAttribute('aria-label', t('help.buttonLabel'));
    button.title = t('help.buttonLabel');
  }

  let returnFocus; // the element to go back to on closing, undefined once it has been
  function open() {
    if (dialog.open) return;
    returnFocus = document.activeElement;
    render();
    dialog.showModal();
    button.setAttribute('aria-expanded', 'true');
    close.focus();
  }
  // Focus goes back at once: left on the closed panel until its close event, a key pressed right after
  // Escape (→, or ? to open it again) went to the panel and was stopped there.
  function hide() {
    if (dialog.open) dialog.close();
    restoreFocus();
  }

  /** Back where the user was, or on the Help button if that element has gone. */
  function restoreFocus() {
    if (returnFocus === undefined) return;
    const target = returnFocus && returnFocus.isConnected && returnFocus !== document.body ? returnFocus : button;
    returnFocus = undefined;
    button.setAttribute('aria-expanded', 'false');
    target.focus();
  }

  // A close the browser made itself; one arriving after the panel was opened again is stale.
  dialog.addEventListener('close', () => { if (!dialog.open) restoreFocus(); });
  dialog.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); hide(); }
    else if (e.key === 'Tab') {
      // Keep Tab inside the panel (the rest of the page is inert while it is open).
      const stops = [...dialog.querySelectorAll('button, a[href], [tabindex]:not([tabindex="-1"])')].filter((n) => !n.disabled);
      const first = stops[0];
      const last = stops[stops.length - 1];
      if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
      else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
    }
    // The explorer's step keys (← → Space Home End) must not act behind the panel.
    e.stopPropagation();
  });
  // A click on the backdrop (outside the panel's box) closes it, as users expect of a modal.
  dialog.addEventListener('click', (e) => {
    if (e.target !== dialog) return;
    const r = dialog.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) hide();
  });
  close.addEventListener('click', hide);
  button.addEventListener('click', open);
  button.disabled = false; // the page's button arrives disabled until this wires it
  document.addEventListener('keydown', (e) => {
    if (e.key !== '?' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || isTyping(e.target)) return;
    e.preventDefault();
    open();
  });
  ctx.onLangChange?.(() => { labelButton(); if (dialog.open) render(); });
  labelButton();

  return { open, close: hide, dialog };
}
