// A sum of thousands of terms (x + x + … + x pasted) is written with its middle elided, both in a
// forward step and in a fan-out node's upstream sum (static/js/explorer/arithmetic.js joinSum).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { joinSum, MAX_SUM_TERMS, substituted, upstreamSum } from '../../static/js/explorer/arithmetic.js';
import { opTable } from '../../static/js/ops.js';

const table = opTable(JSON.parse(readFileSync(new URL('./fixtures/ops.json', import.meta.url))));

test('short sums are written whole', () => {
  const terms = Array.from({ length: MAX_SUM_TERMS }, (_, i) => String(i));
  assert.equal(joinSum(terms), terms.join(' + '));
});

test('a long sum keeps its first terms, ⋯ and its last term', () => {
  const terms = Array.from({ length: 12001 }, (_, i) => String(i));
  const tex = joinSum(terms);
  const head = Array.from({ length: 20 }, (_, i) => i).join(' + ');
  assert.equal(tex, `${head} + \\cdots + 12000`);
});

test("the page elides a sum's numbers as the engine elides its formula", () => {
  // The engine's answer for x + x + … (30 terms): tests/js/fixtures/long_sum.json (make_fixtures.py).
  const answer = JSON.parse(readFileSync(new URL('./fixtures/long_sum.json', import.meta.url)));
  const sum = answer.nodes.find((n) => n.id === answer.output);
  assert.equal(sum.formula, `${sum.latex} = ${joinSum(Array(30).fill('x'))}`);
});

test('a forward add and a fan-out upstream sum of 5,000 terms stay short', () => {
  const ones = Array(5000).fill(1);
  const sum = substituted('add', ones, table);
  assert.ok(sum.startsWith('1 + 1 + ') && sum.includes('\\cdots') && sum.length < 100, sum);
  const received = ones.map(() => ({ downstream: -2 }));
  const tex = upstreamSum(received, -10000);
  assert.ok(tex.includes('\\cdots') && tex.endsWith('= -10000') && tex.length < 300, tex);
  assert.ok(tex.startsWith('-2 + (-2)'), tex); // negatives after + still in parentheses
});
