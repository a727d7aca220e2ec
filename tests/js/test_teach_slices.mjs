// A wide worksheet graph is printed in overlapping slices, none shrunk below MIN_PRINT_SCALE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printSlices, MIN_PRINT_SCALE, PRINT_WIDTH_PX } from '../../static/js/worksheet/slices.js';

test('a graph that fits is one piece; a wide one is cut into overlapping slices covering it all', () => {
  assert.deepEqual(printSlices([0, 0, 900, 300]), [[0, 0, 900, 300]]);
  const box = [-10, 5, 3000, 650];
  const slices = printSlices(box);
  assert.equal(slices.length, 3);
  const widest = PRINT_WIDTH_PX / MIN_PRINT_SCALE;
  for (const s of slices) assert.ok(s[2] <= widest + 1e-9 && s[1] === 5 && s[3] === 650);
  assert.equal(slices[0][0], -10);
  assert.ok(Math.abs(slices.at(-1)[0] + slices.at(-1)[2] - 2990) < 1e-9, 'the last slice ends where the drawing does');
  for (let k = 1; k < slices.length; k++) assert.ok(slices[k][0] < slices[k - 1][0] + slices[k - 1][2], 'neighbours overlap');
});
