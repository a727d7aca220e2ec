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
  assert.deepEqual(parseAnswer('−4'), { ok: true, value: -4, arithmetic: false });
  assert.deepEqual(parseAnswer('－４'), { ok: true, value: -4, arithmetic: false });
  assert.deepEqual(parseAnswer(' 1/4 '), { ok: true, value: 0.25, arithmetic: true });
  assert.deepEqual(parseAnswer('-1/8'), { ok: true, value: -0.125, arithmetic: true });
  assert.deepEqual(parseAnswer('.5'), { ok: true, value: 0.5, arithmetic: false });
  assert.deepEqual(parseAnswer('+2e-3'), { ok: true, value: 0.002, arithmetic: false });
  assert.deepEqual(parseAnswer('1,5'), { ok: true, value: 1.5, arithmetic: false });
});

test('any arithmetic that gives the answer is accepted (issue 14 item 6): 1*5, -2*2, 1/4', () => {
  assert.ok(accept('1*5', 5));
  assert.ok(accept('-2*2', -4));
  assert.ok(accept('1/4', 0.25));
  assert.ok(accept('-2 × 2', -4) && accept('−2·2', -4) && accept('1 ÷ 4', 0.25), 'the symbols of a keyboard or an IME');
  assert.ok(accept('0.5*(1-0.5)', 0.25), 'sigma times one minus sigma, written out');
  assert.ok(accept('-(-3)', 3) && accept('2--4', 6) && accept('1/2/4', 0.125));
  assert.ok(!accept('1*5', -5) && !accept('-2*2', 4) && !accept('1/4', 4), 'arithmetic giving another number fails');
});

test('precedence as in mathematics: powers first and right to left, -2^2 = -4', () => {
  assert.equal(parseAnswer('-2^2').value, -4);
  assert.equal(parseAnswer('2^3^2').value, 512);
  assert.equal(parseAnswer('1+2*3').value, 7);
  assert.equal(parseAnswer('(1+2)*3').value, 9);
  assert.equal(parseAnswer('2^-1').value, 0.5);
});

test('not numbers are refused without a verdict', () => {
  for (const text of ['', '   ', 'abc', '--4', '4-', '0x10', '1e', 'e5', '2(3)', '(1', '()', '1*', 'a*2', '1'.repeat(200),
    null, undefined]) {
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
