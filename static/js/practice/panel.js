// The question panel: the current node, its questions (one answer field each), hints, feedback and,
// at the end, the score with the steps that needed help. Keyboard: Enter checks the focused answer;
// after a right answer focus moves to the next field. Everything said on screen is also announced.
import { el, math } from './dom.js';
import { buildHints, questionLatex, HINT_STEPS } from './hints.js';
import { latexToText, symbolLatex } from './format.js';
import { fmt, fmtTex } from '../format.js';
import { displayName } from '../explorer/narrate.js';

export function createPanel(root, ctx, handlers) {
  const { t } = ctx;
  const title = el('h3', { id: 'practice-title', class: 'practice-title' });
  const progressText = el('p', { id: 'practice-progress', class: 'practice-progress' });
  const progressBar = el('progress', { class: 'practice-progressbar', max: 1, value: 0, 'aria-hidden': 'true' });
  const nodeCard = el('div', { id: 'practice-node', class: 'practice-node' });
  const rows = el('ol', { id: 'practice-questions', class: 'practice-questions' });
  const check = el('button', { type: 'submit', id: 'practice-check', class: 'primary' });
  const hintButton = el('button', { type: 'button', id: 'practice-hint' });
  const revealButton = el('button', { type: 'button', id: 'practice-reveal', 'aria-describedby': 'practice-reveal-note' });
  const revealNote = el('span', { id: 'practice-reveal-note', class: 'practice-reveal-note' });
  const answerHelp = el('p', { id: 'practice-answer-help', class: 'practice-answer-help' });
  const form = el('form', { id: 'practice-form', class: 'practice-form', novalidate: true }, [
    rows, answerHelp, el('div', { class: 'practice-actions' }, [check, hintButton, revealButton, revealNote]),
  ]);
  const feedback = el('p', { id: 'practice-feedback', class: 'practice-feedback' });
  const hints = el('ol', { id: 'practice-hints', class: 'practice-hints' });
  const notes = el('div', { class: 'practice-notes' });
  const summary = el('section', { id: 'practice-summary', class: 'practice-summary', hidden: true });
  root.replaceChildren(title, progressText, progressBar, nodeCard, form, feedback, hints, notes, summary);

  let walk = null;
  let rowsNode = null;  // the node whose questions the rows show

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = currentInput();
    if (input) handlers.submit(input.value);
  });
  hintButton.addEventListener('click', () => handlers.hint());
  revealButton.addEventListener('click', () => handlers.reveal());

  const currentInput = () => rows.querySelector('li[data-state="current"] input');
  const byId = () => new Map(walk.graph.nodes.map((n) => [n.id, n]));

  /** "Upstream gradient ∂L/∂e" — the words and the symbol, as plain text for narration. */
  function what(q) {
    const nodes = byId();
    const input = q.input ? displayName(nodes.get(q.input)) : '';
    return `${t(`practice.q.${q.kind}`, { input })} ${latexToText(questionLatex(walk.graph, q))}`;
  }

  function renderRows() {
    const q = walk.session.current();
    if (!q) { rows.replaceChildren(); rowsNode = null; return; }
    if (rowsNode !== q.node) {
      rowsNode = q.node;
      const nodes = byId();
      rows.replaceChildren(...walk.questions.filter((x) => x.node === q.node).map((x, i) => {
        const id = `practice-answer-${i}`;
        const input = el('input', { id, type: 'text', class: 'practice-answer', autocomplete: 'off',
          spellcheck: 'false', enterkeyhint: 'done', 'aria-describedby': 'practice-answer-help' });
        const label = el('label', { for: id }, [
          el('span', { class: 'practice-q-kind', text: t(`practice.q.${x.kind}`, { input: x.input ? displayName(nodes.get(x.input)) : '' }) }),
          math(questionLatex(walk.graph, x)),
        ]);
        return el('li', { class: `practice-q kind-${x.kind}`, dataset: { question: x.key, kind: x.kind, node: x.node, ...(x.input ? { input: x.input } : {}) } },
          [label, input, el('span', { class: 'practice-mark', 'aria-hidden': 'true' })]);
      }));
      renderNodeCard(q.node);
    }
    for (const li of rows.children) {
      const x = walk.questions.find((y) => y.key === li.dataset.question);
      const rec = walk.session.record(x.key);
      const state = x === q ? 'current' : rec.done ? (rec.revealed ? 'revealed' : 'done') : 'pending';
      li.dataset.state = state;
      const input = li.querySelector('input');
      input.disabled = state === 'pending';
      input.readOnly = state === 'done' || state === 'revealed';
      input.setAttribute('aria-label', `${t('practice.answer', { what: what(x) })}`);
      if (rec.done) input.value = fmt(x.expected);
      li.querySelector('.practice-mark').textContent = state === 'done' ? '✓' : state === 'revealed' ? '👁' : '';
    }
  }

  function renderNodeCard(id) {
    const node = byId().get(id);
    const value = fmtTex(node.value);
    const formula = node.kind === 'operation' && node.formula ? `${node.formula} = ${value}` : `${symbolLatex(node)} = ${value}`;
    const parts = [el('h4', { text: t('practice.node', { name: displayName(node) }) }), math(formula, { display: true })];
    if (!node.inputs.length) {
      const out = byId().get(walk.graph.output);
      parts.push(el('p', { class: 'practice-leaf', text: t('practice.node.leaf', { output: displayName(out), name: displayName(node) }) }));
    }
    nodeCard.replaceChildren(...parts);
  }

  function renderHints() {
    const q = walk.session.current();
    const shown = q ? walk.session.record(q.key).hints : 0;
    const list = q ? buildHints(walk.graph, q, walk.ops).slice(0, shown) : [];
    hints.replaceChildren(...list.map((h, i) => el('li', { class: 'practice-hint', dataset: { step: String(i + 1) } }, [
      el('span', { class: 'practice-hint-n', text: t('practice.hintN', { n: i + 1, total: HINT_STEPS }) }), ' ',
      el('span', { text: t(h.key, h.params) }), h.latex ? ' ' : null, h.latex ? math(h.latex) : null,
    ])));
    hintButton.disabled = !q || shown >= HINT_STEPS;
    revealButton.disabled = !walk.session.canReveal();
    revealNote.textContent = q && !walk.session.canReveal() ? t('practice.reveal.locked') : '';
  }

  const hintText = (h) => `${t(h.key, h.params)} ${h.latex ? latexToText(h.latex) : ''}`.trim();

  function renderProgress() {
    const s = walk.session;
    const score = s.score();
    title.textContent = walk.title;
    progressText.textContent = t('practice.progress', { index: Math.min(s.index + 1, score.total), total: score.total, correct: score.correct });
    progressBar.max = Math.max(1, score.total);
    progressBar.value = s.index;
  }

  function renderNotes() {
    const reasons = new Set(walk.skipped.map((s) => s.reason));
    const tensors = [...new Set(walk.skipped.filter((s) => s.reason === 'tensor' && s.edge === undefined).map((s) => s.node))];
    const dataIds = new Set(walk.skipped.filter((s) => s.reason === 'data' && s.edge === undefined).map((s) => s.node));
    const data = walk.graph.nodes.filter((n) => dataIds.has(n.id)).map(displayName); // x₁, x₂, y: the figure's order
    notes.replaceChildren(
      ...(reasons.has('constant') ? [el('p', { class: 'practice-note', text: t('practice.skipped.constant') })] : []),
      ...(reasons.has('tensor') ? [el('p', { class: 'practice-note', text: t('practice.skipped.tensor', { names: tensors.join(', ') || '—' }) })] : []),
      ...(data.length ? [el('p', { class: 'practice-note', text: t('practice.skipped.data', { names: data.join(', ') }) })] : []),
    );
  }

  function renderSummary() {
    const score = walk.session.score();
    summary.hidden = !score.finished;
    form.hidden = score.finished;
    nodeCard.hidden = score.finished;
    if (!score.finished) { summary.replaceChildren(); return; }
    const nodes = byId();
    const heading = el('h3', { tabindex: '-1', text: t('practice.done') });
    summary.replaceChildren(
      heading,
      el('p', { id: 'practice-score', class: 'practice-score', dataset: { correct: String(score.correct), total: String(score.total) },
        text: t('practice.score', { correct: score.correct, total: score.total }) }),
      !score.total
        ? el('p', { class: 'practice-nothing', text: t('practice.nothing') })
        : score.helped.length
        ? el('div', {}, [el('p', { text: t('practice.helped') }), el('ul', { id: 'practice-helped' }, score.helped.map((q) => {
          const rec = walk.session.record(q.key);
          return el('li', { dataset: { question: q.key }, text: t('practice.helped.item', {
            what: what(q), name: displayName(nodes.get(q.node)), hints: rec.hints, revealed: rec.revealed ? t('practice.helped.revealed') : '' }) });
        }))])
        : el('p', { class: 'practice-perfect', text: t('practice.perfect') }),
      el('div', { class: 'practice-actions' }, [
        el('button', { type: 'button', id: 'practice-again', text: t('practice.again'), on: { click: () => handlers.again() } }),
        el('button', { type: 'button', id: 'practice-next', class: 'primary', text: t('practice.nextSeed'), on: { click: () => handlers.next() } }),
      ]),
    );
    return heading;
  }

  function renderAll() {
    check.textContent = t('practice.check');
    answerHelp.textContent = t('practice.answer.help');
    hintButton.textContent = t('practice.hint');
    revealButton.textContent = t('practice.reveal');
    renderProgress();
    renderRows();
    renderHints();
    renderNotes();
    return renderSummary();
  }

  function focusCurrent() {
    const input = currentInput();
    if (input) { input.focus(); input.select(); }
  }

  return {
    /** A new walk (or a restored one, or the same one in another language). */
    start(next, { focus }) {
      walk = next;
      rowsNode = null;
      feedback.textContent = '';
      feedback.className = 'practice-feedback';
      const heading = renderAll();
      const q = walk.session.current();
      if (focus) { if (heading) heading.focus(); else focusCurrent(); }
      if (q) ctx.announce(t('practice.started', { title: walk.title, count: walk.questions.length, what: what(q) }));
    },

    /** The outcome of one action (submit, hint, reveal): redraw, say it, move focus. */
    show(next, result) {
      walk = next;
      const q = result.question ?? walk.session.current();
      let said = '';
      let tone = '';
      if (result.status === 'correct') {
        said = result.typed
          ? t('practice.correct.arithmetic', { answer: result.typed, value: fmt(result.value), what: what(q) })
          : t('practice.correct', { what: what(q), value: fmt(q.expected) });
        tone = 'is-correct';
      } else if (result.status === 'revealed') {
        said = t('practice.revealed', { what: what(q), value: fmt(q.expected) }); tone = 'is-revealed';
      } else if (result.status === 'invalid') {
        said = t('practice.invalid'); tone = 'is-wrong';
      } else if (result.status === 'wrong') {
        said = t('practice.wrong', { answer: currentInput()?.value.trim() ?? '', what: what(q) }); tone = 'is-wrong';
      }
      const verdict = said;
      const heading = renderAll();
      const current = walk.session.current();
      if (result.status === 'wrong' || result.status === 'hint') {
        const shown = buildHints(walk.graph, current, walk.ops).slice(0, walk.session.record(current.key).hints);
        if (shown.length) said = `${said} ${t('practice.hintN', { n: shown.length, total: HINT_STEPS })}: ${hintText(shown.at(-1))}`.trim();
      }
      if ((result.status === 'correct' || result.status === 'revealed') && current) {
        said += ` ${t('practice.next', { what: what(current), name: displayName(byId().get(current.node)) })}`;
      }
      if (result.status !== 'hint') {
        feedback.textContent = verdict;  // the hint itself is in the hint list below
        feedback.className = `practice-feedback ${tone}`;
      }
      if (heading) { heading.focus(); said += ` ${heading.textContent} ${summary.querySelector('.practice-score').textContent}`; }
      else focusCurrent();
      // A long node (figure 6.18's sums) pushes the newest hint below the panel's fold.
      if (result.status === 'wrong' || result.status === 'hint') hints.lastElementChild?.scrollIntoView?.({ block: 'nearest' });
      ctx.announce(said);
    },
  };
}
