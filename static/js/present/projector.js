// Projector mode (`/?present=1`, or the Present button): the explorer's graph full screen in large,
// high-contrast type with the current step's explanation as a caption under it and no side panels.
// A presentation clicker works: PageDown / → step forward, PageUp / ← back, B (or "." — what clickers
// send for "blank") blanks the screen, Esc leaves. It is the explorer itself restyled (teach.css), so
// it shows whatever the explorer shows: an expression, a network or a training update.
import { registerStrings } from '../i18n.js';
import strings from '../i18n/teach.js';

registerStrings(strings);

// Node text at least this large on screen (issue 16: readable from the back of a classroom at 1080p).
export const MIN_NODE_TEXT_PX = 24;

const KEYS = { PageDown: 1, ArrowRight: 1, ' ': 1, PageUp: -1, ArrowLeft: -1 };
const TYPING = 'input, textarea, select, [contenteditable="true"]';

/** What a key does while presenting: {step: ±1} | {to: 'start' | 'end'} | {blank: true} | {leave: true} | null. */
export function keyAction(key) {
  if (key in KEYS) return { step: KEYS[key] };
  if (key === 'Home') return { to: 'start' };
  if (key === 'End') return { to: 'end' };
  if (key === 'b' || key === 'B' || key === '.') return { blank: true };
  if (key === 'Escape') return { leave: true };
  return null;
}

export function mountProjector(ctx) {
  const { t } = ctx;
  // The explorer is loaded and mounted when first needed (main.js): asked for only once presenting
  // starts; every use below comes after `enter` has it.
  let explorerHandle = null;
  const explorer = () => explorerHandle;
  const bar = document.createElement('div');
  bar.className = 'present-bar';
  bar.setAttribute('aria-live', 'off');
  const blank = document.createElement('div');
  blank.className = 'present-blank';
  blank.hidden = true;
  document.body.append(blank);
  let presenting = false;
  let unsubscribe = null; // from the explorer's store, while presenting

  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'present-button';
  const label = () => {
    // The accessible name starts with the visible word, so "click Present" works by voice (WCAG 2.5.3).
    button.textContent = t('present.open');
    button.setAttribute('aria-label', t('present.openLabel'));
    button.title = t('present.openLabel');
  };
  label();
  button.addEventListener('click', () => enter({ fullscreen: true }));
  document.getElementById('help-button')?.before(button);

  function showPosition() {
    const response = explorer().getResponse();
    const p = explorer().getPosition();
    bar.dataset.step = String(p);
    bar.replaceChildren(
      Object.assign(document.createElement('span'), { className: 'present-position', textContent: t('present.position', { p, n: response?.steps.length ?? 0 }) }),
      Object.assign(document.createElement('span'), { className: 'present-keys', textContent: t('present.keys') }),
    );
  }

  // The graph area changes size with the layout: fit once the renderer has seen its new size (its
  // ResizeObserver reports after the next layout, i.e. before the second animation frame from now).
  const refit = (px) => requestAnimationFrame(() => requestAnimationFrame(() => explorer()?.graph?.setMinTextPx?.(px)));

  function step(action) {
    const total = explorer().getResponse()?.steps.length ?? 0;
    const p = explorer().getPosition();
    const next = action.to === 'start' ? 0 : action.to === 'end' ? total : p + action.step;
    explorer().setStep(Math.max(0, Math.min(total, next)));
    showPosition();
  }

  async function enter({ fullscreen = false } = {}) {
    if (presenting) return;
    presenting = true;
    // Full screen is asked for at once: the browser grants it only while handling the click.
    if (fullscreen) document.documentElement.requestFullscreen?.().catch(() => {}); // refused without a click: the page still fills the window
    explorerHandle = await ctx.explorer; // mounted now, so its panels exist to be restyled
    if (!presenting) return; // left while the explorer loaded
    ctx.showView?.('explorer');
    document.body.classList.add('is-presenting');
    document.querySelector('#view-explorer .explorer-below')?.append(bar);
    ctx.setPresenting(true);
    refit(MIN_NODE_TEXT_PX);
    // Steps taken another way (a click on the timeline's keys, playback) update the caption's counter.
    unsubscribe = explorer().subscribe?.(showPosition) ?? null;
    showPosition();
    ctx.announce(t('present.entered'));
  }

  function leave() {
    if (!presenting) return;
    presenting = false;
    unsubscribe?.();
    unsubscribe = null;
    document.body.classList.remove('is-presenting');
    blank.hidden = true;
    bar.remove();
    ctx.setPresenting(false);
    if (document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
    refit(0);
    ctx.announce(t('present.left'));
  }

  // Capture phase: while presenting these keys are the clicker's, not the timeline's (which would
  // step a second time on → and ←).
  document.addEventListener('keydown', (e) => {
    if (!presenting || !explorerHandle || e.altKey || e.ctrlKey || e.metaKey || e.target.closest?.(TYPING)) return;
    const action = keyAction(e.key);
    if (!action) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    if (action.leave) leave();
    else if (action.blank) {
      blank.hidden = !blank.hidden;
      if (!blank.hidden) ctx.announce(t('present.blanked'));
    } else if (blank.hidden) step(action);
  }, true);
  // Esc in full screen is the browser's: it leaves full screen without a keydown, so leave with it.
  document.addEventListener('fullscreenchange', () => { if (!document.fullscreenElement && presenting) leave(); });
  ctx.onLangChange?.(() => { label(); if (presenting && explorerHandle) showPosition(); });

  if (ctx.presenting) enter();
  return { enter, leave, get presenting() { return presenting; } };
}
