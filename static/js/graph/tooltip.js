// The details of a node or edge label (its full-precision numbers, its whole title) in a small box
// over the graph: shown while a mouse hovers it or it has keyboard focus, and on a tap for touch and
// pen, which cannot hover (a tap elsewhere, or on the same thing again, hides it). HTML text, so it
// is never scaled down with the drawing.
const TAP_SLOP = 8; // px a finger may move between down and up and still count as a tap, not a pan

export function createTooltip(container) {
  const box = document.createElement('div');
  box.className = 'graph-tooltip';
  box.setAttribute('role', 'tooltip'); // not a live region: hovering would read every node aloud
  box.hidden = true;
  container.append(box);
  let owner = null;

  function show(el, lines) {
    owner = el;
    box.replaceChildren(...lines.map((line) => {
      const p = document.createElement('p');
      p.textContent = line;
      return p;
    }));
    box.hidden = false;
    const area = container.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    // Below the element, or above it when that would leave the graph area; kept inside horizontally.
    const left = Math.max(4, Math.min(area.width - box.offsetWidth - 4, r.left - area.left + r.width / 2 - box.offsetWidth / 2));
    const below = r.bottom - area.top + 6;
    const top = below + box.offsetHeight > area.height ? Math.max(4, r.top - area.top - box.offsetHeight - 6) : below;
    box.style.left = `${left}px`;
    box.style.top = `${top}px`;
  }

  function hide() {
    owner = null;
    box.hidden = true;
  }

  /** Hover (mouse), tap (touch, pen) and keyboard focus on `el` show `lines()`; call once per element. */
  function attach(el, lines) {
    el.addEventListener('focus', () => show(el, lines()));
    el.addEventListener('blur', () => { if (owner === el) hide(); });
    el.addEventListener('pointerenter', (e) => { if (e.pointerType === 'mouse') show(el, lines()); });
    el.addEventListener('pointerleave', (e) => { if (e.pointerType === 'mouse' && owner === el) hide(); });
    let down = null;
    el.addEventListener('pointerdown', (e) => { down = [e.clientX, e.clientY]; });
    el.addEventListener('pointerup', (e) => {
      if (e.pointerType === 'mouse' || !down) return;
      const tap = Math.hypot(e.clientX - down[0], e.clientY - down[1]) < TAP_SLOP;
      down = null;
      if (!tap) return;
      if (owner === el) hide(); else show(el, lines());
      e.stopPropagation();
    });
  }

  // A tap on anything else in the graph area closes it.
  container.addEventListener('pointerup', (e) => { if (e.pointerType !== 'mouse' && owner && !owner.contains(e.target)) hide(); });

  return { attach, hide, get shownFor() { return owner; } };
}
