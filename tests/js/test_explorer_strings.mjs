// Every string key the explorer's modules ask for exists in English and Chinese in the tables the
// explorer registers before its first render (explorer/index.js imports them; help.js and the network
// form only add their own), so no state a link opens can show a raw key such as
// explorer.step.constantEdge (issue 14 item 4). Keys are read from the sources: t('…') literals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import explorer from '../../static/js/i18n/explorer.js';
import extra from '../../static/js/i18n/explorer_extra.js';
import graph from '../../static/js/i18n/graph.js';
import app from '../../static/js/i18n/app.js';

const dir = (path) => new URL(`../../static/js/${path}/`, import.meta.url);
const sources = ['explorer', 'graph'].flatMap((d) => readdirSync(dir(d)).filter((f) => f.endsWith('.js'))
  .filter((f) => f !== 'network_form.js') // the network form's own table (tensors.js) comes with it
  .map((f) => [`${d}/${f}`, readFileSync(new URL(f, dir(d)), 'utf8')]));

test('every literal key of the explorer and graph modules is in both languages before the first render', () => {
  const tables = [explorer, extra, graph, app];
  const has = (lang, key) => tables.some((table) => key in table[lang]);
  let count = 0;
  for (const [file, text] of sources) {
    for (const [, key] of text.matchAll(/\bt\('([a-z]+\.[\w.]+)'/g)) {
      count += 1;
      assert.ok(has('en', key), `${file}: ${key} has no English text`);
      assert.ok(has('zh', key), `${file}: ${key} has no Chinese text`);
    }
  }
  assert.ok(count > 50, `only ${count} keys found: the pattern no longer matches the sources`);
  for (const phase of ['forward', 'backward']) {
    for (const lang of ['en', 'zh']) assert.ok(has(lang, `explorer.phase.${phase}`), `explorer.phase.${phase} (${lang})`);
  }
});

test('the explorer registers the step and help strings itself, not only the lazily loaded help panel', () => {
  const index = readFileSync(new URL('index.js', dir('explorer')), 'utf8');
  assert.match(index, /import extraStrings from '\.\.\/i18n\/explorer_extra\.js'/);
  assert.match(index, /registerStrings\(extraStrings\)/);
});
