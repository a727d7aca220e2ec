// Unit tests of the engine-message translations (node --test): every code has English and Chinese
// with the same parameters, and a message is never empty or half-filled whatever the API sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../static/js/api.js';
import { apiError, apiErrorText, ENGINE_MESSAGES, engineText, errorHint, errorMessage, warningMessage } from '../../static/js/i18n/engine_messages.js';

const names = (template) => [...new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

test('every code has an English and a Chinese template with the same parameter names', () => {
  assert.ok(Object.keys(ENGINE_MESSAGES).length > 80);
  for (const [code, { en, zh }] of Object.entries(ENGINE_MESSAGES)) {
    assert.ok(en && zh, code);
    assert.notEqual(en, zh, `${code} is not translated`);
    assert.deepEqual(names(zh), names(en), code);
  }
});

test('a known code is shown in the language asked, with its params', () => {
  const detail = { message: 'unknown function sigmod', code: 'unknown_function', params: { name: 'sigmod' },
    hint: 'did you mean sigmoid? functions: exp, sigmoid', hint_code: 'hint_did_you_mean_function',
    hint_params: { suggestion: 'sigmoid', functions: 'exp, sigmoid' } };
  assert.equal(errorMessage(detail, 'zh'), '未知函数 sigmod');
  assert.equal(errorMessage(detail, 'en'), 'unknown function sigmod');
  assert.equal(errorHint(detail, 'zh'), '你是想写 sigmoid 吗？可用函数：exp, sigmoid');
  assert.equal(errorHint(detail, 'en'), detail.hint);
  const w = { node: null, message: 'the value given for q is not used', code: 'unused_value', params: { name: 'q' } };
  assert.equal(warningMessage(w, 'zh'), '给出的 q 的值没有被使用');
  const shape = { message: 'cannot add shapes [2] and [3]: they do not broadcast', code: 'shape_mismatch',
    params: { verb: 'add', shapes: '[2] and [3]' } };
  assert.equal(errorMessage(shape, 'zh'), '形状 [2] 和 [3] 无法相加：它们不能广播');
  assert.equal(errorMessage(shape, 'en'), shape.message);
  assert.equal(errorMessage({ ...shape, params: { verb: 'bce', shapes: '[2] and [3]' } }, 'zh'), '形状 [2] 和 [3] 无法bce：它们不能广播');
});

test('an unknown code, a missing parameter or no code at all falls back to the English text', () => {
  assert.equal(engineText('no_such_code', {}, 'the English', 'zh'), 'the English');
  assert.equal(engineText(null, {}, 'the English', 'zh'), 'the English');
  assert.equal(engineText('missing_value', {}, 'no value given for b', 'zh'), 'no value given for b');
  assert.equal(engineText('missing_value', { name: 'b' }, 'no value given for b', 'fr'), 'no value given for b');
  assert.equal(errorHint({ message: 'x' }, 'zh'), '');
  assert.equal(errorHint({ message: 'x', hint: 'do this' }, 'zh'), 'do this');
  assert.equal(errorMessage({ message: 'from an older server' }, 'zh'), 'from an older server');
});

test('a failed API call reads the same in every view: the API\'s message and hint, a 422\'s problems, or the error itself', () => {
  // The API's error object: message and hint by their codes, in the language asked.
  const busy = new ApiError(429, { error: 'ServerBusy', message: 'The server is busy with other large computations.',
    code: 'server_busy', params: {}, hint: 'Try again in 2 seconds, or send a smaller request.',
    hint_code: 'hint_retry_later', hint_params: { retry_after: 2 } });
  assert.deepEqual(apiError(busy, 'zh'), { message: '服务器正忙于其他大型计算。', hint: '请在 2 秒后重试，或发送更小的请求。', problems: [], answered: true });
  assert.equal(apiErrorText(busy, { lang: 'en' }), `${busy.detail.message} ${busy.detail.hint}`);
  assert.equal(apiErrorText(busy, { lang: 'en', separator: ' — ' }), `${busy.detail.message} — ${busy.detail.hint}`);
  // An answer's embedded error (training's graph_error) is read the same way, without an ApiError around it.
  assert.equal(apiErrorText({ detail: { message: 'unknown function sigmod', code: 'unknown_function', params: { name: 'sigmod' } } }, { lang: 'zh' }), '未知函数 sigmod');
  // A schema refusal: one problem per item, with the body key it names; no hint.
  const refused = new ApiError(422, [
    { type: 'less_than_equal', loc: ['body', 'level'], msg: 'Input should be less than or equal to 3' },
    { type: 'missing', loc: ['body', 'layers', 0, 'units'], msg: ' Field required ' },
  ]);
  const parts = apiError(refused, 'zh');
  assert.deepEqual(parts.problems.map((p) => [p.field, p.text]), [['level', 'Input should be less than or equal to 3'], ['layers.0.units', 'Field required']]);
  assert.deepEqual(parts.problems[1].loc, ['body', 'layers', 0, 'units']);
  assert.deepEqual([parts.message, parts.hint, parts.answered], ['Input should be less than or equal to 3; Field required', '', true]);
  // No answer from the API: the error's own words; an answer without a body: its status.
  assert.deepEqual(apiError(new TypeError('Failed to fetch'), 'zh'), { message: 'Failed to fetch', hint: '', problems: [], answered: false });
  assert.equal(apiErrorText(new ApiError(502, null), { lang: 'en' }), 'HTTP 502');
  assert.equal(apiErrorText(undefined, { lang: 'en' }), '');
});

