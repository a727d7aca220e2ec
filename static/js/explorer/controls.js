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

  const button = (key, cls, symbol, handler) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `ctl ${cls}`;
    b.dataset.key = key;
    const icon = document.createElement('span');
    icon.className = 'icon';
    icon.setAttribute('aria-hidden', 'true');
    icon.textContent = symbol;
    const text = document.createElement('span');
    text.className = 'ctl-text';
    b.append(icon, text);
    b.addEventListener('click', handler);
    return b;
  };
  const reset = button('explorer.reset', 'ctl-reset', '↺', () => go(0));
  const back = button('explorer.back', 'ctl-back', '←', () => go(position - 1));
  const play = button('explorer.play', 'ctl-play', '▶', () => toggle());
  const fwd = button('explorer.forward', 'ctl-forward', '→', () => go(position + 1));
  const end = button('explorer.end', 'ctl-end', '⇥', () => go(total));

  const speedLabel = document.createElement('label');
  speedLabel.className = 'ctl-speed';
  const speedText = document.createElement('span');
  const speedSelect = document.createElement('select');
  speedSelect.id = 'explorer-speed';
  speedSelect.addEventListener('change', () => {
    speed = Number(speedSelect.value);
    onSpeed(speed);
    if (timer) { stopClock(); startClock(); }
  });
  speedLabel.append(speedText, speedSelect);

  const scrubLabel = document.createElement('label');
  scrubLabel.className = 'ctl-scrub';
  const scrubText = document.createElement('span');
  scrubText.className = 'visually-hidden';
  const scrubber = document.createElement('input');
  scrubber.type = 'range';
  scrubber.id = 'explorer-scrubber';
  scrubber.min = '0';
  scrubber.step = '1';
  scrubber.addEventListener('input', () => go(Number(scrubber.value)));
  scrubLabel.append(scrubText, scrubber);

  const status = document.createElement('output');
  status.className = 'ctl-status';
  status.htmlFor = scrubber.id;

  container.append(reset, back, play, fwd, end, scrubLabel, status, speedLabel);

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
