// Gradient health from the history's grad_norms (the API's, per parameter): one series per layer for
// the log-scale plot, and the flags that put vanishing and exploding gradients into words. Pure.
import { toNumber } from '../api.js';

// A layer's ‖∂J/∂W‖ below this share of the last layer's: its weights barely move (vanishing).
export const VANISHING_RATIO = 1e-6;
// A layer's ‖∂J/∂W‖ growing by this factor or more per epoch, two epochs running (exploding). One
// epoch's jump is not enough: a mini-batch gradient of a healthy run can jump x10 once (measured on
// the page's default run), never twice in a row.
export const EXPLODING_FACTOR = 10;

// Layers in order ("W1", "W2", …) as they appear in an entry's grad_norms.
export function weightNames(entry) {
  return Object.keys(entry?.grad_norms ?? {}).filter((k) => /^W\d+$/.test(k))
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
}

// [{id: "W1", layer: 1, points: [[epoch, norm], …]}]: positive finite norms only (a log scale has no 0).
export function layerSeries(history) {
  const names = weightNames(history?.[0]);
  return names.map((name) => ({
    id: name,
    layer: Number(name.slice(1)),
    points: history.map((e) => [e.epoch, toNumber(e.grad_norms?.[name])])
      .filter(([, v]) => typeof v === 'number' && Number.isFinite(v) && v > 0),
  }));
}

// {vanishing: {layer, first, last, ratio} | null, exploding: {layer, epoch, factor} | null}:
// vanishing = the epochs where some layer's norm was below VANISHING_RATIO of the last layer's (the
// smallest ratio seen, and the layer it was in); exploding = the first epoch that ends two epochs in a
// row in which a layer's norm grew by EXPLODING_FACTOR or more (or stopped being finite); `factor` is
// the growth over both.
export function gradientFlags(history) {
  const names = weightNames(history?.[0]);
  let vanishing = null;
  let exploding = null;
  if (names.length < 2) return { vanishing, exploding };
  const last = names.at(-1);
  history.forEach((entry, i) => {
    const top = toNumber(entry.grad_norms[last]);
    for (const name of names.slice(0, -1)) {
      const v = toNumber(entry.grad_norms[name]);
      if (!(top > 0) || !Number.isFinite(v) || !Number.isFinite(top)) continue;
      const ratio = v / top;
      if (ratio < VANISHING_RATIO) {
        if (!vanishing) vanishing = { layer: Number(name.slice(1)), first: entry.epoch, last: entry.epoch, ratio };
        vanishing.last = entry.epoch;
        if (ratio < vanishing.ratio) Object.assign(vanishing, { layer: Number(name.slice(1)), ratio });
      }
    }
    if (exploding || i < 2) return;
    for (const name of names) {
      const [a, b, c] = [history[i - 2], history[i - 1], entry].map((e) => toNumber(e.grad_norms[name]));
      if (!(a > 0) || !Number.isFinite(a) || !(b > 0)) continue;
      const growth = (from, to) => (Number.isFinite(to) ? to / from : Infinity);
      if (growth(a, b) >= EXPLODING_FACTOR && (!Number.isFinite(b) || growth(b, c) >= EXPLODING_FACTOR)) {
        exploding = { layer: Number(name.slice(1)), epoch: entry.epoch, factor: growth(a, c) };
        break;
      }
    }
  });
  return { vanishing, exploding };
}
