// The examples a learner can load with one click. Data only: each is what the URL would hold.
// The textbook's figures come first (SLP §6.6: figures 6.15–6.17 and 6.18).
import DEFAULT_EXAMPLE from './default_example.json' with { type: 'json' };

export const PRESETS = [
  // The default: figure 6.15 as the textbook writes it, intermediates named d and e, the output L.
  // (In JSON because the server reads it too: the page arrives with its answer, app/routers/page.py.)
  { id: 'fig615', key: 'explorer.preset.fig615', ...DEFAULT_EXAMPLE },
  // The same function as one expression: its intermediates get numbered names.
  { id: 'fig615expr', key: 'explorer.preset.fig615expr', source: 'c(a+2b)', values: { a: 3, b: 1, c: -2 } },
  {
    id: 'fig618',
    key: 'explorer.preset.fig618',
    // Figure 6.18's 2-2-1 network (ReLU hidden layer, sigmoid output, binary cross-entropy), unit by
    // unit as in the figure: the network form (network_form.js) loads it as its default spec.
    network: true,
  },
  { id: 'fanout', key: 'explorer.preset.fanout', source: 'x*x + 3*x', values: { x: 2 } },
  {
    id: 'softmax',
    key: 'explorer.preset.softmax',
    // Cross-entropy of a softmax against a one-hot target: the gradient w.r.t. the logits is ŷ − y.
    source: 'p = softmax(z)\nL = ce(p, y)',
    values: { z: [2, 1, 0.1], y: [1, 0, 0] },
  },
  {
    id: 'tanh',
    key: 'explorer.preset.tanh',
    source: 'z = w1*x1 + w2*x2 + b\na = tanh(z)',
    values: { w1: 0.5, x1: 1, w2: -0.4, x2: 2, b: 0.1 },
    parameters: ['w1', 'w2', 'b'],
  },
];

export const presetById = (id) => PRESETS.find((p) => p.id === id);
