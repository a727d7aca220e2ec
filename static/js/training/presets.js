// The textbook's §6.6.5 experiments, one click each: the form settings they set, and the i18n key of
// the one sentence that says what to look for. Pure data (tests/js checks every preset makes a request).

const DEEP = '8, 8, 8, 8, 8, 8, 8, 8'; // 8 hidden layers: deep enough for gradients to vanish
const deep = (activation, init) => ({
  dataset: 'circles', n: 200, noise: 0.1, hidden: DEEP, activation, init, loss: 'bce',
  optimizer: 'adam', lr: 0.01, batchSize: 32, epochs: 200, dropout: 0, l2: 0, normalize: true, devFraction: 0.2, compare: false,
});

export const PRESETS = [
  { id: 'deep-small', config: deep('sigmoid', 'small') },
  { id: 'deep-normal', config: deep('sigmoid', 'normal') },
  { id: 'deep-xavier', config: deep('sigmoid', 'xavier') },
  { id: 'deep-he', config: deep('relu', 'he') },
  {
    id: 'unnormalised',
    config: { dataset: 'moons', n: 200, noise: 0.1, scales: '1, 100', hidden: '8', activation: 'tanh', init: 'xavier', loss: 'bce',
      optimizer: 'sgd', lr: 0.3, batchSize: 32, epochs: 200, dropout: 0, l2: 0, normalize: false, devFraction: 0.2, compare: false },
  },
  {
    id: 'normalised',
    config: { dataset: 'moons', n: 200, noise: 0.1, scales: '1, 100', hidden: '8', activation: 'tanh', init: 'xavier', loss: 'bce',
      optimizer: 'sgd', lr: 0.3, batchSize: 32, epochs: 200, dropout: 0, l2: 0, normalize: true, devFraction: 0.2, compare: false },
  },
  {
    id: 'dropout',
    config: { dataset: 'moons', n: 100, noise: 0.3, hidden: '64, 64', activation: 'relu', init: 'he', loss: 'bce',
      optimizer: 'adam', lr: 0.003, batchSize: 16, epochs: 300, dropout: 0, l2: 0, normalize: true, devFraction: 0.4, compare: true },
    b: { hidden: '64, 64', activation: 'relu', optimizer: 'adam', lr: 0.003, batchSize: 16, l2: 0, dropout: 0.5 },
  },
  {
    id: 'sgd-momentum',
    config: { dataset: 'spiral', n: 200, noise: 0.1, hidden: '16, 16', activation: 'tanh', init: 'xavier', loss: 'bce',
      optimizer: 'sgd', lr: 0.1, batchSize: 32, epochs: 300, dropout: 0, l2: 0, normalize: true, devFraction: 0.2, compare: true },
    b: { hidden: '16, 16', activation: 'tanh', optimizer: 'momentum', lr: 0.1, momentum: 0.9, batchSize: 32, l2: 0, dropout: 0 },
  },
  {
    id: 'sgd-adam',
    config: { dataset: 'spiral', n: 200, noise: 0.1, hidden: '16, 16', activation: 'tanh', init: 'xavier', loss: 'bce',
      optimizer: 'sgd', lr: 0.1, batchSize: 32, epochs: 300, dropout: 0, l2: 0, normalize: true, devFraction: 0.2, compare: true },
    b: { hidden: '16, 16', activation: 'tanh', optimizer: 'adam', lr: 0.03, beta1: 0.9, beta2: 0.999, eps: 1e-8, batchSize: 32, l2: 0, dropout: 0 },
  },
];

export const presetById = (id) => PRESETS.find((p) => p.id === id) ?? null;

// The form's configurations after choosing preset `id`: its settings over the current ones (data seed,
// seed and anything a preset does not name stay as they were).
export function applyPreset(id, a, b) {
  const preset = presetById(id);
  if (!preset) return { a, b };
  return { a: { ...a, scales: '1, 1', ...preset.config }, b: { ...b, ...(preset.b ?? {}) } };
}
