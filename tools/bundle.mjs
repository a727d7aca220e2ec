// Builds static/bundle/ from the page's modules (static/js/): `make bundle` runs it after `npm ci`.
//
// Why a bundle: on a first visit the page's ~45 modules and d3's whole 280 kB build cost ~450 ms to the
// first graph on a 2-core machine; as one file, with only the parts of d3 the page uses, ~270–290 ms
// (docs/benchmarks.md, "Loading the page"). The modules stay the source: the app serves the bundle
// only while every file it was built from is unchanged (app/scripts.py reads manifest.json), and the
// modules as written otherwise, so editing a module never needs Node to see the change.
//
// What comes out (all committed; Node is not needed to run the app):
// - main.js: every view in one minified file, with a source map pointing at the served modules, so the
//   browser's developer tools show the code as written. A module the page imports on demand
//   (`import('./training/index.js')`) is in it too, run when first asked for. One file, not esbuild's
//   code splitting: split per view, the explorer needed 17 files and drew its first graph ~50 ms later
//   (A/Bs of 14–16 first visits), though the one file also carries training's and practice's code;
// - manifest.json: which output the entry module became (`entries`), and the SHA-256 of every file
//   under static/ that went in (`sources`) and of every file written (`outputs`).
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATIC = path.join(ROOT, 'static');
// One folder below static/, as js/ is: a module's URLs relative to import.meta.url (static/js/katex.js:
// '../vendor/katex/…') then resolve alike from the modules as written and from the bundle.
const OUT = path.join(STATIC, 'bundle');
const D3_MODULE = path.join(STATIC, 'js', 'd3.js');

// static/js/d3.js hands the modules the vendored build's functions; in the bundle it becomes an
// export of the same names from d3's ES modules (package.json pins the vendored version), and esbuild
// keeps only what those names need.
const d3Names = () => {
  const block = readFileSync(D3_MODULE, 'utf8').match(/export const \{([^}]*)\}/);
  if (!block) throw new Error(`${D3_MODULE}: no "export const { … }" list of d3 names`);
  return block[1].split(',').map((name) => name.trim()).filter(Boolean);
};
const d3FromPackage = {
  name: 'd3-from-package',
  setup(build) {
    build.onLoad({ filter: /[\\/]static[\\/]js[\\/]d3\.js$/ }, () => ({
      contents: `export { ${d3Names().join(', ')} } from 'd3';`,
      resolveDir: ROOT,
    }));
  },
};

rmSync(OUT, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: ROOT, // the metafile's paths are relative to it
  entryPoints: [path.join(STATIC, 'js', 'main.js')],
  outdir: OUT,
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  sourcesContent: false, // the maps point at the served modules instead of carrying a copy
  metafile: true,
  plugins: [d3FromPackage],
  logLevel: 'warning',
});

const fromStatic = (file) => path.relative(STATIC, path.resolve(ROOT, file)).split(path.sep).join('/');
const sha256 = (file) => createHash('sha256').update(readFileSync(path.join(STATIC, file))).digest('hex');
const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
const manifest = {
  about: 'Written by tools/bundle.mjs (make bundle); read by app/scripts.py. Do not edit.',
  entries: Object.fromEntries(outputs.filter(([, out]) => out.entryPoint)
    .map(([file, out]) => [fromStatic(out.entryPoint), fromStatic(file)]).sort()),
  sources: Object.fromEntries(Object.keys(result.metafile.inputs)
    .filter((file) => !file.startsWith('node_modules/') && !file.startsWith('..'))
    .map((file) => fromStatic(file)).sort().map((file) => [file, sha256(file)])),
  // And of every file written, so that a test notices one edited by hand (tests/app/test_bundle.py).
  outputs: Object.fromEntries(Object.keys(result.metafile.outputs).map((file) => fromStatic(file)).sort()
    .map((file) => [file, sha256(file)])),
};
writeFileSync(path.join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
const bytes = outputs.reduce((sum, [, out]) => sum + out.bytes, 0);
console.log(`static/bundle: ${outputs.length} files, ${(bytes / 1024).toFixed(0)} kB from ${Object.keys(manifest.sources).length} sources`);
