// The parts of d3 the page uses, for its modules to import: `import * as d3 from '../d3.js'`.
//
// The modules as written (the development page) take them from the vendored build
// (static/vendor/d3/<version>/d3.min.js), which the page loads by a classic <script> before any module.
// The bundle (static/bundle/, `make bundle`: tools/bundle.mjs) takes them from d3's own ES modules
// instead, at the same version, so that it carries only these parts (~90 kB of d3's 280).
// In node (the unit tests of pure functions) there is no d3: every name is undefined.
export const {
  axisBottom, axisLeft, bisector, extent, format, interpolateRgb, interpolateViridis, line, max, min,
  pointer, rgb, scaleLinear, scaleLog, select, zoom, zoomIdentity, zoomTransform,
} = globalThis.d3 ?? {};
