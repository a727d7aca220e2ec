// The practice view's answer rule: relative and absolute tolerance, and what a learner may type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isClose, parseAnswer, RELATIVE_TOLERANCE } from '../../static/js/practice/tolerance.js';

const accept = (text, expected) => {
  const p = parseAnswer(text);
  return p.ok && isClose(p.value, expected);
};

test('the issue\'s examples: -4 and -4.0000001 pass, -4.1 fails', () => {
  assert.ok(accept('-4', -4));
  assert.ok(accept('-4.0000001', -4));
  assert.ok(!accept('-4.1', -4));
  assert.ok(!accept('4', -4), 'the sign matters');
});

test('three significant digits pass, two do not', () => {
  assert.ok(accept('0.197', 0.19661193));
  assert.ok(!accept('0.2', 0.19661193));
  assert.ok(accept('0.125', 0.125));
  assert.ok(!accept('0.13', 0.125));
});

test('zero: an absolute tolerance absorbs floating-point noise, not real mistakes', () => {
  assert.ok(accept('0', 5.551115123125783e-17));
  assert.ok(accept('-0', 0));
  assert.ok(!accept('0.001', 0));
  assert.ok(!accept('0', 0.01));
});

test('what a learner types: unicode minus, full-width digits, fractions, exponents, decimal comma', () => {
  assert.deepEqual(parseAnswer('−4'), { ok: true, value: -4 });
  assert.deepEqual(parseAnswer('－４'), { ok: true, value: -4 });
  assert.deepEqual(parseAnswer(' 1/4 '), { ok: true, value: 0.25 });
  assert.deepEqual(parseAnswer('-1/8'), { ok: true, value: -0.125 });
  assert.deepEqual(parseAnswer('.5'), { ok: true, value: 0.5 });
  assert.deepEqual(parseAnswer('+2e-3'), { ok: true, value: 0.002 });
  assert.deepEqual(parseAnswer('1,5'), { ok: true, value: 1.5 });
});

test('not numbers are refused without a verdict', () => {
  for (const text of ['', '   ', 'abc', '1/2/3', '--4', '4-', '0x10', '1e', 'e5', '2*3', null, undefined]) {
    assert.equal(parseAnswer(text).ok, false, String(text));
  }
  assert.equal(parseAnswer('').reason, 'empty');
  assert.equal(parseAnswer('abc').reason, 'not-a-number');
});

test('non-finite expectations need the same non-finite answer', () => {
  assert.ok(accept('NaN', NaN));
  assert.ok(accept('-∞', -Infinity));
  assert.ok(accept('Infinity', Infinity));
  assert.ok(!accept('1e308', Infinity));
  assert.ok(!accept('Infinity', 1e308));
  assert.ok(!accept('NaN', 0));
});

test('the tolerance is relative for large answers', () => {
  assert.ok(accept(String(1000 * (1 + RELATIVE_TOLERANCE / 2)), 1000));
  assert.ok(!accept(String(1000 * (1 + RELATIVE_TOLERANCE * 2)), 1000));
  assert.equal(isClose('4', 4), false, 'only numbers are compared');
});
