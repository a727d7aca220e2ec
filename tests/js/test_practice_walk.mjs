// The practice walk on figure 6.15: which questions, in which order, the hints, the session rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildQuestions, graphFingerprint } from '../../static/js/practice/questions.js';
import { buildHints, questionLatex, opTable, HINT_STEPS } from '../../static/js/practice/hints.js';
import { createSession } from '../../static/js/practice/session.js';
import { latexToText } from '../../static/js/practice/format.js';
import { fmt as formatNumber } from '../../static/js/format.js';
import { loadProgress, saveProgress, progressKey } from '../../static/js/practice/progress.js';
import { fig615, fanOut } from './practice_fixture.mjs';
import { readFileSync } from 'node:fs';
import { resolveAnswer } from '../../static/js/answer.js';

// Figure 6.18's network as practice's fig6.18 exercise draws it (tests/js/fixtures/make_fixtures.py).
const fig618 = resolveAnswer(JSON.parse(readFileSync(new URL('./fixtures/fig618_scalar.json', import.meta.url))));

const find = (qs, key) => qs.find((q) => q.key === key);
// Two entries of GET /api/v1/ops as the engine answers them (tests/app checks the endpoint itself).
const ops = opTable({ ops: [
  { name: 'mul', kind: 'operator', symbol: '×', latex: '#1 \\cdot #2', derivative: ['#2', '#1'] },
  { name: 'add', kind: 'operator', symbol: '+', latex: '#1 + #2', derivative: ['1', '1'] },
  { name: 'sigmoid', kind: 'function', symbol: 'σ', latex: '\\sigma(#1)', derivative: ['\\sigma(#1)(1 - \\sigma(#1))'] },
] });

test('figure 6.15: the walk follows the backward order and skips the constant 2', () => {
  const { questions, skipped } = buildQuestions(fig615);
  assert.deepEqual(questions.map((q) => q.key), [
    'L|upstream', 'L|0|local', 'L|0|downstream', 'L|1|local', 'L|1|downstream',
    'c|upstream', 'e|upstream', 'e|0|local', 'e|0|downstream', 'e|1|local', 'e|1|downstream',
    'd|upstream', 'd|1|local', 'd|1|downstream', 'b|upstream', 'a|upstream',
  ]);
  assert.deepEqual(skipped.map((s) => s.reason), ['constant', 'constant']);
  const expect = Object.fromEntries(questions.map((q) => [q.key, q.expected]));
  assert.equal(expect['L|upstream'], 1);
  assert.equal(expect['L|0|local'], 5);       // ∂L/∂c = e = 5
  assert.equal(expect['e|upstream'], -2);
  assert.equal(expect['d|1|downstream'], -4); // to b
  assert.equal(expect['a|upstream'], -2);
});

test('figure 6.18: no gradient of the data (x, labels y) is asked; every weight and bias is', () => {
  const { questions, skipped } = buildQuestions(fig618);
  const data = ['x1', 'x2', 'y'];
  const aboutData = questions.filter((q) => data.includes(q.node) || data.includes(q.input));
  assert.deepEqual(aboutData.map((q) => q.key), [], 'the textbook never backpropagates into the data');
  assert.deepEqual(new Set(skipped.filter((s) => s.reason === 'data' && s.edge === undefined).map((s) => s.node)), new Set(data));
  // The edges into the data: L's edge from y, and the products' edges from x1 and x2.
  assert.equal(skipped.filter((s) => s.reason === 'data' && s.edge !== undefined).length, 5);
  const upstream = new Set(questions.filter((q) => q.kind === 'upstream').map((q) => q.node));
  for (const id of ['w1_11', 'w1_12', 'w1_21', 'w1_22', 'b1_1', 'b1_2', 'w2_11', 'w2_12', 'b2_1', 'z2_1', 'L']) assert.ok(upstream.has(id), id);
  assert.equal(questions.length, 77 - 3 - 5 * 2, 'three upstream questions and five edges of two questions fewer');
  // The engine's mark decides (`role` "data", contract §2), not names nor the answer's shape: the same
  // nodes, still inputs with their `layer`, but without the mark are asked about.
  const unmarked = structuredClone(fig618.answer);
  for (const n of unmarked.nodes) delete n.role;
  assert.ok(unmarked.nodes.filter((n) => n.kind === 'input').every((n) => Number.isInteger(n.layer)));
  const keys = buildQuestions(resolveAnswer(unmarked)).questions.map((q) => q.key);
  for (const key of ['x1|upstream', 'x2|upstream', 'y|upstream']) assert.ok(keys.includes(key), key);
  assert.equal(keys.length, 77);
});

test('tensor nodes are skipped with a reason, not asked', () => {
  const g = structuredClone(fig615);
  g.nodes.find((n) => n.id === 'c').shape = [2];
  const { questions, skipped } = buildQuestions(g);
  assert.ok(!questions.some((q) => q.node === 'c' || q.input === 'c'));
  assert.ok(skipped.some((s) => s.node === 'c' && s.reason === 'tensor'));
  assert.ok(skipped.some((s) => s.node === 'L' && s.edge === 0 && s.reason === 'tensor'));
});

test('hints go rule → formula → numbers and name the right rule', () => {
  const { questions } = buildQuestions(fig615);
  const mulLocal = buildHints(fig615, find(questions, 'L|0|local'), ops);
  assert.equal(mulLocal.length, HINT_STEPS);
  assert.deepEqual([mulLocal[0].key, mulLocal[0].params.op], ['practice.hint.rule.op', '×']);
  assert.equal(mulLocal[0].latex, '\\frac{\\partial}{\\partial a}\\left(a \\cdot b\\right) = b', 'the op table\'s rule');
  assert.equal(mulLocal[1].latex, '\\frac{\\partial L}{\\partial c} = e');
  assert.equal(mulLocal[2].latex, '5');               // the other factor, e = 5
  const addLocal = buildHints(fig615, find(questions, 'e|1|local'), ops);
  assert.deepEqual([addLocal[0].params.op, addLocal[2].latex], ['+', '1']);
  const unloaded = buildHints(fig615, find(questions, 'L|0|local'));
  assert.equal(unloaded[0].key, 'practice.hint.rule.other', 'before the op table arrives: the formula and the values');
  assert.equal(unloaded[2].latex, 'c = -2,\\; e = 5,\\; L = -10');
  const down = buildHints(fig615, find(questions, 'd|1|downstream'));
  assert.equal(down[0].key, 'practice.hint.rule.chain');
  assert.equal(down[2].latex, '(-2) \\times 2');      // upstream × local
  const seed = buildHints(fig615, find(questions, 'L|upstream'));
  assert.equal(seed[0].key, 'practice.hint.rule.seed');
  const up = buildHints(fig615, find(questions, 'b|upstream'));
  assert.equal(up[0].key, 'practice.hint.rule.upstream');
  assert.equal(up[2].latex, '(-4)');
  assert.equal(latexToText(questionLatex(fig615, find(questions, 'e|upstream'))), '∂L/∂e');
  // The op table's conditions are the indicator 𝟙{…}, whose braces are text.
  assert.equal(latexToText('\\frac{\\partial a}{\\partial z} = \\mathbf{1}\\{z^{[1]} \\ge 0\\}'), '∂a/∂z = 𝟙{z[1] ≥ 0}');
  assert.equal(latexToText('\\frac{\\partial s}{\\partial x} = \\mathbf{1}'), '∂s/∂x = 1');
  // The rule hint's \left( … \right) is read as brackets (the live region says it): \le is not \left.
  assert.equal(latexToText(mulLocal[0].latex), '∂/∂a(a · b) = b');
});

test('a direct operand of the output: upstream ∂L/∂L = 1 times the local of the op that makes L, never ∂L/∂c = ∂L/∂L · ∂L/∂c', () => {
  const { questions } = buildQuestions(fig615);
  const up = buildHints(fig615, find(questions, 'c|upstream'), ops);
  assert.equal(up[0].key, 'practice.hint.rule.output');
  assert.equal(up[0].params.output, 'L');
  assert.equal(up[1].latex, '\\frac{\\partial L}{\\partial c} = \\frac{\\partial L}{\\partial L} \\cdot \\frac{\\partial \\left(c \\cdot e\\right)}{\\partial c}');
  assert.equal(up[2].latex, '5');
  // The local factor is not the result's symbol, on either side of the chain rule.
  for (const q of [find(questions, 'c|upstream'), find(questions, 'L|0|downstream')]) {
    const formula = buildHints(fig615, q, ops)[1].latex;
    assert.equal(formula.split('\\frac{\\partial L}{\\partial c}').length - 1, q.kind === 'upstream' ? 1 : 0, formula);
  }
  assert.equal(latexToText(questionLatex(fig615, find(questions, 'L|1|downstream'))), '∂L/∂L · ∂(c · e)/∂e');
  // Deeper in the graph the upstream is the consumer's own: ∂L/∂e · ∂e/∂d.
  assert.equal(buildHints(fig615, find(questions, 'd|upstream'))[1].latex,
    '\\frac{\\partial L}{\\partial d} = \\frac{\\partial L}{\\partial e} \\cdot \\frac{\\partial e}{\\partial d}');
  // The network's output is a function: BCE's local is written as the derivative of BCE(a, y).
  const { questions: net } = buildQuestions(fig618);
  const bce = buildHints(fig618, find(net, 'a2_1|upstream'))[1].latex;
  assert.ok(bce.endsWith('\\frac{\\partial L}{\\partial L} \\cdot \\frac{\\partial \\mathrm{BCE}(a^{[2]}_{1}, y)}{\\partial a^{[2]}_{1}}'), bce);
  assert.equal(latexToText(bce), '∂L/∂a[2]1 = ∂L/∂L · ∂BCE(a[2]1, y)/∂a[2]1');
});

test('at a fan-out node the hint says to sum what every consumer sends', () => {
  const { questions } = buildQuestions(fanOut);
  const hints = buildHints(fanOut, find(questions, 'x|upstream'));
  assert.equal(hints[0].key, 'practice.hint.rule.fanout');
  assert.equal(hints[0].params.count, 3);            // x*x counts twice, 3*x once
  assert.equal(hints[2].latex, '2 + 2 + 3');
  assert.equal(find(questions, 'x|upstream').expected, 7);
});

test('a session: wrong answers unlock hints, reveal only after all hints, score counts unhelped answers', () => {
  const { questions } = buildQuestions(fig615);
  const s = createSession(questions);
  assert.equal(s.submit('1').status, 'correct');               // ∂L/∂L
  assert.equal(s.submit('hello').status, 'invalid');          // costs nothing
  assert.equal(s.record('L|0|local').hints, 0);
  const wrong = s.submit('-2');                               // ∂L/∂c is e = 5, not c
  assert.deepEqual([wrong.status, wrong.hints], ['wrong', 1]);
  assert.equal(s.current().key, 'L|0|local', 'no progress on a wrong answer');
  assert.equal(s.canReveal(), false);
  assert.equal(s.reveal(), null);
  s.hint(); s.hint();
  assert.equal(s.canReveal(), true);
  assert.equal(s.reveal().key, 'L|0|local');
  assert.equal(s.current().key, 'L|0|downstream');
  for (const q of questions.slice(2)) assert.equal(s.submit(formatNumber(q.expected)).status, 'correct');
  const score = s.score();
  assert.equal(score.finished, true);
  assert.equal(score.total, 16);
  assert.equal(score.correct, 15);
  assert.deepEqual(score.helped.map((q) => q.key), ['L|0|local']);
});

test('a session restores saved progress and ignores junk', () => {
  const { questions } = buildQuestions(fig615);
  const first = createSession(questions);
  first.submit('1'); first.submit('0');
  const restored = createSession(questions, JSON.parse(JSON.stringify(first.toJSON())));
  assert.equal(restored.current().key, 'L|0|local');
  assert.equal(restored.record('L|0|local').hints, 1);
  const junk = createSession(questions, { records: { 'L|upstream': 'x', nope: { done: true }, 'c|upstream': { done: true, hints: 99 } } });
  assert.equal(junk.current().key, 'L|upstream');
  assert.equal(junk.record('c|upstream').hints, HINT_STEPS);
});

test('progress storage round-trips and survives broken storage', () => {
  const store = new Map();
  const storage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) };
  const key = progressKey('level2', 42);
  assert.equal(key, 'backprop-explorer.practice.v1:level2:42');
  assert.notEqual(progressKey('level2', 43), key);
  saveProgress(key, { records: { a: 1 } }, storage);
  assert.deepEqual(loadProgress(key, storage), { records: { a: 1 } });
  store.set(key, '{broken');
  assert.equal(loadProgress(key, storage), null);
  const throwing = { getItem() { throw new Error('denied'); }, setItem() { throw new Error('full'); } };
  assert.equal(loadProgress(key, throwing), null);
  saveProgress(key, {}, throwing);
});

test('a graph fingerprint changes with the values', () => {
  const g = structuredClone(fig615);
  const before = graphFingerprint(g);
  g.nodes[0].value = 4;
  assert.notEqual(graphFingerprint(g), before);
  assert.equal(graphFingerprint(structuredClone(fig615)), before, 'and only with them');
});

test('every string the practice view uses exists in English and Chinese', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { default: strings } = await import('../../static/js/i18n/practice.js');
  const dir = new URL('../../static/js/practice/', import.meta.url);
  const used = new Set();
  for (const file of readdirSync(dir)) {
    for (const m of readFileSync(new URL(file, dir), 'utf8').matchAll(/'(practice\.[\w.]+)'/g)) used.add(m[1]);
  }
  for (const kind of ['upstream', 'local', 'downstream']) used.add(`practice.q.${kind}`);
  for (const set of ['fig6.15', 'fig6.18', 'level1', 'level2', 'level3', 'explorer']) used.add(`practice.set.${set}`);
  assert.ok(used.size > 40);
  for (const key of used) {
    assert.ok(key in strings.en, `en lacks ${key}`);
    assert.ok(key in strings.zh, `zh lacks ${key}`);
  }
});

test('figure 6.15 answered with arithmetic: 1*5 for ∂L/∂c, -2*2 for what d sends to b, said back with its value', () => {
  const { questions } = buildQuestions(fig615);
  const s = createSession(questions);
  const answers = { 'L|upstream': '1', 'L|0|local': '1*5', 'd|1|downstream': '-2*2', 'e|0|local': '4/4' };
  let arithmetic = 0;
  for (const q of questions) {
    const typed = answers[q.key] ?? formatNumber(q.expected);
    const result = s.submit(typed);
    assert.equal(result.status, 'correct', `${q.key}: ${typed}`);
    if (result.typed) { arithmetic += 1; assert.equal(result.value, q.expected); assert.equal(result.typed, typed); }
  }
  assert.equal(arithmetic, 3);
  assert.equal(s.score().correct, questions.length);
});
