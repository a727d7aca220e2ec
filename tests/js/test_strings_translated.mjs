// No Chinese text is the English one left untranslated (the zh toolbar said "Worksheet"): where a
// key's Chinese text equals its English text, every word in it must be a name that stays as it is
// (a function, an optimizer, a file format). Reads every string table under static/js/i18n.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';

const dir = new URL('../../static/js/i18n/', import.meta.url);
const NAMES = new Set(['tanh', 'softmax', 'sigmoid', 'leaky', 'ReLU', 'Xavier', 'Glorot', 'Adam', 'LaTeX', 'TikZ',
  'SVG', 'PNG', 'JSON', 'PDF', 'SGD', 'API']);

test('every Chinese string that equals its English one holds only names', async () => {
  let tables = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const table = (await import(new URL(file, dir))).default;
    if (!table?.en || !table?.zh) continue;
    tables += 1;
    for (const [key, en] of Object.entries(table.en)) {
      if (table.zh[key] !== en || typeof en !== 'string') continue;
      const words = en.replace(/\{\w+\}/g, '').match(/[A-Za-z]{3,}/g) ?? [];
      const english = words.filter((w) => !NAMES.has(w));
      assert.deepEqual(english, [], `${file}: ${key} is "${en}" in Chinese too`);
    }
  }
  assert.ok(tables >= 5, `only ${tables} string tables read`);
});
