// A wide graph printed in readable pieces. Pure (no DOM), unit-tested with node --test.
//
// Scaled to the paper's width, figure 6.18's scalar view (about 3,000 px wide on screen) would print
// its node text at 4 px. Instead the drawing is cut into side-by-side slices, each printed at the full
// width, so no slice is shrunk below MIN_PRINT_SCALE; neighbouring slices overlap a little so a node cut
// at a border is whole in one of them.

// The smallest scale the drawing prints at: its 13 px node text becomes about 8 pt.
export const MIN_PRINT_SCALE = 0.6;
// A4 with 12 mm margins: 186 mm of width, in CSS px (96 per inch). Letter is wider: this fits both.
export const PRINT_WIDTH_PX = 700;
export const OVERLAP = 0.06; // of a slice's width

/** The viewBoxes [x, y, width, height] of the slices of a drawing whose viewBox is `box`. */
export function printSlices([x, y, width, height], { printWidth = PRINT_WIDTH_PX, minScale = MIN_PRINT_SCALE } = {}) {
  const widest = printWidth / minScale; // graph units one slice may hold
  if (width <= widest) return [[x, y, width, height]];
  const count = Math.ceil(width / (widest * (1 - OVERLAP)));
  const step = (width - widest) / (count - 1);
  return Array.from({ length: count }, (_, k) => [x + k * step, y, widest, height]);
}
