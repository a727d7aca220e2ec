// Unit tests of what a training link carries besides the form (node --test): the CSV when it is
// small, the update the explorer shows, and which update "Show" opens after a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_LINK_CSV, csvForLink, parseUpdateKey, sameRequest, updateKey } from '../../static/js/training/config.js';
import { largestChange, lastCursor } from '../../static/js/training/update_view.js';

test('a small CSV goes into the link; a large one is left out and said to be', () => {
  const small = 'x1,x2,label\n1,2,0\n3,4,1';
  assert.deepEqual(csvForLink('csv', small), { train_csv: small, omitted: false, size: encodeURIComponent(small).length });
  const big = `x1,x2,label\n${'0.125,0.25,1\n'.repeat(200)}`;
  const out = csvForLink('csv', big);
  assert.equal(out.train_csv, null);
  assert.equal(out.omitted, true);
  assert.ok(out.size > MAX_LINK_CSV);
  // Exactly at the limit it still fits (the limit counts URL-encoded characters).
  const edge = 'a'.repeat(MAX_LINK_CSV);
  assert.equal(csvForLink('csv', edge).train_csv, edge);
  assert.equal(csvForLink('csv', `${edge}a`).train_csv, null);
  // Not the data source, or nothing typed: nothing to keep and nothing left out.
  assert.deepEqual(csvForLink('moons', small), { train_csv: null, omitted: false, size: 0 });
  assert.deepEqual(csvForLink('csv', '  \n'), { train_csv: null, omitted: false, size: 0 });
});

test('the update key round-trips and is 1-based, as the page names updates', () => {
  assert.equal(updateKey({ epoch: 299, batch: 6 }), 'e300b7');
  assert.deepEqual(parseUpdateKey('e300b7'), { epoch: 299, batch: 6 });
  for (const bad of ['', 'e0b1', 'e1b0', 'e1', 'b1', 'e1b1x', 'e-1b1', 'e1.5b1', 'E1B1', null, undefined, 'e01b1']) {
    assert.equal(parseUpdateKey(bad), null, String(bad));
  }
});

test('two request bodies are the same run only when every key and value match', () => {
  assert.ok(sameRequest({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] }));
  assert.ok(!sameRequest({ a: 1 }, { a: 2 }));
  assert.ok(!sameRequest({ a: 1 }, null));
});

test("a run's last update is the last mini-batch of its last epoch, never the one after", () => {
  assert.deepEqual(lastCursor(300, 5), { epoch: 299, batch: 4 });
  assert.deepEqual(lastCursor(1, 1), { epoch: 0, batch: 0 });
  assert.equal(lastCursor(0, 5), null);
  assert.equal(lastCursor(3, null), null);
});

test('the largest change is the entry with the largest |update|', () => {
  const table = [
    { parameter: 'W1', value: [[1, 2], [3, 4]], grad: [[0, 0], [0, 0]], update: [[0.01, -0.2], [0.05, 0]] },
    { parameter: 'b1', value: [0, 0], grad: [0, 0], update: [0.1, 'NaN'] },
  ];
  assert.deepEqual(largestChange(table), { name: 'W1[1,2]', update: -0.2 });
  assert.equal(largestChange([]), null);
});
