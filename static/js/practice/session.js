// One practice walk as a small state machine over the questions (questions.js). Pure: no DOM, no
// storage; the page renders it and saves `toJSON()` (progress.js). Unit-tested with node --test.
//
// Per question a record {done, wrong, hints, revealed}. A wrong answer shows the next hint (rule,
// formula, numbers); "Hint" asks for it without guessing; only after all HINT_STEPS hints may the
// answer be revealed. A question answered after any hint or reveal counts as "helped"; the score is
// the number answered right with no help.
import { HINT_STEPS } from './hints.js';
import { isClose, parseAnswer } from './tolerance.js';

const fresh = () => ({ done: false, wrong: 0, hints: 0, revealed: false });

export function createSession(questions, saved = null) {
  const records = new Map(questions.map((q) => [q.key, fresh()]));
  // Restore what matches this walk's questions; anything else in storage is ignored.
  for (const [key, rec] of Object.entries(saved?.records ?? {})) {
    if (!records.has(key) || typeof rec !== 'object' || rec === null) continue;
    records.set(key, {
      done: rec.done === true,
      wrong: Number.isInteger(rec.wrong) && rec.wrong >= 0 ? rec.wrong : 0,
      hints: Number.isInteger(rec.hints) ? Math.min(Math.max(rec.hints, 0), HINT_STEPS) : 0,
      revealed: rec.revealed === true,
    });
  }
  // The walk is in order: the current question is the first one not done.
  const currentIndex = () => {
    const i = questions.findIndex((q) => !records.get(q.key).done);
    return i === -1 ? questions.length : i;
  };

  const session = {
    questions,
    get index() { return currentIndex(); },
    get finished() { return currentIndex() >= questions.length; },
    current() { return questions[currentIndex()] ?? null; },
    record(key) { return records.get(key); },

    /** Checks a typed answer for the current question: {status: 'correct' | 'wrong' | 'invalid',
     *  reason?, hints} — a wrong answer unlocks the next hint; an invalid one costs nothing. */
    submit(text) {
      const q = session.current();
      if (!q) return { status: 'finished' };
      const parsed = parseAnswer(text);
      const rec = records.get(q.key);
      if (!parsed.ok) return { status: 'invalid', reason: parsed.reason, hints: rec.hints };
      if (isClose(parsed.value, q.expected)) {
        rec.done = true;
        // Arithmetic (1*5) is said back with its value, so the learner sees what was accepted.
        return { status: 'correct', question: q, hints: rec.hints, ...(parsed.arithmetic ? { typed: String(text).trim(), value: parsed.value } : {}) };
      }
      rec.wrong += 1;
      rec.hints = Math.min(rec.hints + 1, HINT_STEPS);
      return { status: 'wrong', question: q, hints: rec.hints };
    },

    /** Shows one more hint for the current question (if any is left). */
    hint() {
      const q = session.current();
      if (!q) return 0;
      const rec = records.get(q.key);
      rec.hints = Math.min(rec.hints + 1, HINT_STEPS);
      return rec.hints;
    },

    canReveal() {
      const q = session.current();
      return Boolean(q) && records.get(q.key).hints >= HINT_STEPS;
    },

    /** Gives the answer away (after every hint): the question is done and marked as helped. */
    reveal() {
      if (!session.canReveal()) return null;
      const q = session.current();
      const rec = records.get(q.key);
      rec.revealed = true;
      rec.done = true;
      return q;
    },

    /** {correct, total, helped: [question…], finished} — correct = right with no hint. */
    score() {
      const helped = questions.filter((q) => { const r = records.get(q.key); return r.hints > 0 || r.revealed; });
      const correct = questions.filter((q) => { const r = records.get(q.key); return r.done && r.hints === 0 && !r.revealed; });
      return { correct: correct.length, total: questions.length, helped, finished: session.finished };
    },

    toJSON() { return { records: Object.fromEntries(records) }; },
  };
  return session;
}
