// Projector mode's keys (static/js/present/projector.js): what a presentation clicker's keys do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyAction, MIN_NODE_TEXT_PX } from '../../static/js/present/projector.js';

test('clicker keys step, blank and leave', () => {
  assert.deepEqual(keyAction('PageDown'), { step: 1 });
  assert.deepEqual(keyAction('ArrowRight'), { step: 1 });
  assert.deepEqual(keyAction('PageUp'), { step: -1 });
  assert.deepEqual(keyAction('ArrowLeft'), { step: -1 });
  assert.deepEqual(keyAction('b'), { blank: true });
  assert.deepEqual(keyAction('.'), { blank: true }, 'what most clickers send for their blank button');
  assert.deepEqual(keyAction('Escape'), { leave: true });
  assert.deepEqual(keyAction('End'), { to: 'end' });
  assert.equal(keyAction('x'), null);
  assert.ok(MIN_NODE_TEXT_PX >= 24);
});
