// Colours and motion shared by the training charts. Okabe–Ito colours stay distinguishable for
// colour-blind readers; run A is blue, run B vermillion; train lines solid, dev lines dashed.
export const RUN_COLORS = { A: '#0072B2', B: '#D55E00' };
export const CLASS_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

// Transitions last this long, or nothing at all when the reader asked for reduced motion.
export function duration(ms = 250) {
  return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 0 : ms;
}
