// The step timeline's controls: Reset, Step back, Play/Pause, Step forward, Show all, a speed choice
// and a scrubber, plus the keys ← → Space Home End (ignored while typing in a field). It owns the
// playback clock; the explorer owns what a position means and is told through onChange(p).
import { phaseBounds } from './timeline.js';

export const SPEEDS = [0.5, 1, 2, 4, 8, 30]; // steps per second; 30 plays a big graph in reasonable time
export const DEFAULT_SPEED = 2;
const TYPING = 'input, textarea, select, [contenteditable=""], [contenteditable="true"]';

export function createControls(container, ctx, { onChange, describe, speed: initialSpeed = DEFAULT_SPEED, onSpeed = () => {} }) {
  const { t } = ctx;
  let total = 0;
  let forward = 0;
  let position = 0;
  let speed = SPEEDS.includes(initialSpeed) ? initialSpeed : DEFAULT_SPEED;
  let timer = null;

  // The controls come with the page (templates/views/explorer.html), so the first paint already has
  // the toolbar at its final height; this module gives them their behaviour.
  const $ = (selector) => container.querySelector(selector);
  const [reset, back, play, fwd, end] = ['reset', 'back', 'play', 'forward', 'end'].map((name) => $(`.ctl-${name}`));
  reset.addEventListener('click', () => go(0));
  back.addEventListener('click', () => go(position - 1));
  play.addEventListener('click', () => toggle());
  fwd.addEventListener('click', () => go(position + 1));
  end.addEventListener('click', () => go(total));

  const speedText = $('.ctl-speed > span');
  const speedSelect = $('#explorer-speed');
  speedSelect.addEventListener('change', () => {
    speed = Number(speedSelect.value);
    onSpeed(speed);
    if (timer) { stopClock(); startClock(); }
  });
  const scrubText = $('.ctl-scrub > span');
  const scrubber = $('#explorer-scrubber');
  scrubber.addEventListener('input', () => go(Number(scrubber.value)));
  const status = $('.ctl-status');

  function go(p, { fromClock = false } = {}) {
    const next = Math.max(0, Math.min(total, p));
    if (!fromClock) pause();
    if (next === position && !fromClock) { sync(); return; }
    position = next;
    sync();
    onChange(position);
  }

  function startClock() {
    const tick = () => {
      if (position >= total) { pause(); return; }
      go(position + 1, { fromClock: true });
      timer = setTimeout(tick, 1000 / speed);
    };
    timer = setTimeout(tick, 1000 / speed);
  }
  function stopClock() { clearTimeout(timer); timer = null; }

  function toggle() { if (timer) pause(); else start(); }
  function start() {
    if (!total) return;
    if (position >= total) { position = 0; onChange(0); }
    startClock();
    sync();
  }
  function pause() {
    if (!timer) return;
    stopClock();
    sync();
  }

  function sync() {
    scrubber.max = String(total);
    scrubber.value = String(position);
    scrubber.setAttribute('aria-valuetext', describe(position));
    status.textContent = total ? t('explorer.position', { p: position, n: total }) : '';
    status.classList.toggle('phase-backward', position > forward);
    reset.disabled = back.disabled = position === 0;
    fwd.disabled = end.disabled = position >= total;
    play.disabled = total === 0;
    const playing = Boolean(timer);
    play.querySelector('.icon').textContent = playing ? '❚❚' : '▶';
    play.querySelector('.ctl-text').textContent = t(playing ? 'explorer.pause' : 'explorer.play');
    play.setAttribute('aria-pressed', String(playing));
    container.style.setProperty('--forward-share', total ? String(forward / total) : '1');
  }

  function relabel() {
    for (const b of [reset, back, fwd, end]) b.querySelector('.ctl-text').textContent = t(b.dataset.key);
    speedText.textContent = `${t('explorer.speed')} `;
    scrubText.textContent = t('explorer.scrubber');
    speedSelect.replaceChildren(...SPEEDS.map((s) => {
      const o = document.createElement('option');
      o.value = String(s);
      o.textContent = t('explorer.speed.value', { n: s });
      o.selected = s === speed;
      return o;
    }));
    sync();
  }

  // ← → Space Home End anywhere in the visible explorer, except while typing in a field (and Space
  // on a focused button, which presses that button instead).
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    if (container.closest('[hidden]') || document.querySelector('dialog[open]')) return;
    if (e.target.closest?.(TYPING)) return;
    const actions = {
      ArrowRight: () => go(position + 1), ArrowLeft: () => go(position - 1),
      Home: () => go(0), End: () => go(total), ' ': () => toggle(),
    };
    if (e.key === ' ' && e.target.closest?.('button, summary, a')) return;
    const action = actions[e.key];
    if (!action) return;
    e.preventDefault();
    action();
  });

  relabel();
  return {
    /** New timeline length (keeps the position, clamped). */
    setTotal(response) {
      ({ forward, total } = phaseBounds(response));
      position = Math.min(position, total);
      if (!total) pause();
      sync();
    },
    setPosition(p) { position = Math.max(0, Math.min(total, p)); sync(); },
    get position() { return position; },
    get playing() { return Boolean(timer); },
    play: start, pause, relabel,
  };
}
