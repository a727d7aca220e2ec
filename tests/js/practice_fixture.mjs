// Figure 6.15's graph response, written by hand in answer format 2 (docs/contract.md §1) from the
// textbook's numbers (L = c(a + 2b), a = 3, b = 1, c = −2), for the practice view's pure-module
// tests; linked by static/js/answer.js as the page links every answer.
import { resolveAnswer } from '../../static/js/answer.js';

export const fig615 = resolveAnswer({
  format: 2,
  output: 'L',
  nodes: [
    { id: 'a', label: 'a', latex: 'a', kind: 'input', op: null, value: 3, shape: [], grad: -2, inputs: [], consumers: ['e'] },
    { id: '_1', label: '2', latex: '2', kind: 'constant', op: null, value: 2, shape: [], grad: -4, inputs: [], consumers: ['d'] },
    { id: 'b', label: 'b', latex: 'b', kind: 'input', op: null, value: 1, shape: [], grad: -4, inputs: [], consumers: ['d'] },
    { id: 'd', label: 'd', latex: 'd', kind: 'operation', op: 'mul', value: 2, shape: [], grad: -2, consumers: ['e'], inputs: [0, 1] },
    { id: 'e', label: 'e', latex: 'e', kind: 'operation', op: 'add', value: 5, shape: [], grad: -2, consumers: ['L'], inputs: [2, 3] },
    { id: 'c', label: 'c', latex: 'c', kind: 'input', op: null, value: -2, shape: [], grad: 5, inputs: [], consumers: ['L'] },
    { id: 'L', label: 'L', latex: 'L', kind: 'operation', op: 'mul', value: -10, shape: [], grad: 1, consumers: [], inputs: [4, 5], formula: 'L = c \\cdot e' },
  ],
  edges: [
    { id: 0, source: '_1', target: 'd', slot: 0, local_form: 'scalar', local: 1, downstream: -2, formula: '\\frac{\\partial d}{\\partial 2} = b' },
    { id: 1, source: 'b', target: 'd', slot: 1, local_form: 'scalar', local: 2, downstream: -4, formula: '\\frac{\\partial d}{\\partial b} = 2' },
    { id: 2, source: 'a', target: 'e', slot: 0, local_form: 'scalar', local: 1, downstream: -2, formula: '\\frac{\\partial e}{\\partial a} = 1' },
    { id: 3, source: 'd', target: 'e', slot: 1, local_form: 'scalar', local: 1, downstream: -2, formula: '\\frac{\\partial e}{\\partial d} = 1' },
    { id: 4, source: 'c', target: 'L', slot: 0, local_form: 'scalar', local: 5, downstream: 5, formula: '\\frac{\\partial L}{\\partial c} = e' },
    { id: 5, source: 'e', target: 'L', slot: 1, local_form: 'scalar', local: -2, downstream: -2, formula: '\\frac{\\partial L}{\\partial e} = c' },
  ],
  forward_order: ['a', '_1', 'b', 'd', 'e', 'c', 'L'],
  backward_order: ['L', 'c', 'e', 'd', 'b', '_1', 'a'],
  steps: [],
  warnings: [],
});

// x*x + 3*x at x = 2: x fans out to two consumers (and is used twice by one of them).
export const fanOut = resolveAnswer({
  format: 2,
  output: 'y',
  nodes: [
    { id: 'x', label: 'x', latex: 'x', kind: 'input', op: null, value: 2, shape: [], grad: 7, inputs: [], consumers: ['_2', '_4'] },
    { id: '_2', label: '×', latex: 'u_{2}', kind: 'operation', op: 'mul', value: 4, shape: [], grad: 1, consumers: ['y'], inputs: [0, 1] },
    { id: '_3', label: '3', latex: '3', kind: 'constant', op: null, value: 3, shape: [], grad: 2, inputs: [], consumers: ['_4'] },
    { id: '_4', label: '×', latex: 'u_{4}', kind: 'operation', op: 'mul', value: 6, shape: [], grad: 1, consumers: ['y'], inputs: [2, 3] },
    { id: 'y', label: 'y', latex: 'y', kind: 'operation', op: 'add', value: 10, shape: [], grad: 1, consumers: [], inputs: [4, 5] },
  ],
  edges: [
    { id: 0, source: 'x', target: '_2', slot: 0, local_form: 'scalar', local: 2, downstream: 2, formula: '' },
    { id: 1, source: 'x', target: '_2', slot: 1, local_form: 'scalar', local: 2, downstream: 2, formula: '' },
    { id: 2, source: '_3', target: '_4', slot: 0, local_form: 'scalar', local: 2, downstream: 2, formula: '' },
    { id: 3, source: 'x', target: '_4', slot: 1, local_form: 'scalar', local: 3, downstream: 3, formula: '' },
    { id: 4, source: '_2', target: 'y', slot: 0, local_form: 'scalar', local: 1, downstream: 1, formula: '' },
    { id: 5, source: '_4', target: 'y', slot: 1, local_form: 'scalar', local: 1, downstream: 1, formula: '' },
  ],
  backward_order: ['y', '_4', '_3', '_2', 'x'],
  steps: [],
  warnings: [],
});
