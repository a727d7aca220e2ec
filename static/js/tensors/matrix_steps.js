// The step panel's matrix arithmetic for tensor edges (issue 12 item 2), in the textbook's form with
// the numbers: for z = W x + b, ∂L/∂W = δ xᵀ, ∂L/∂x = Wᵀ δ, ∂L/∂b = δ (summed over the batch's
// columns), each with its matrices printed and the product written out entry by entry; elementwise
// ops as upstream ⊙ local = downstream. Pure functions returning LaTeX (KaTeX renders it), no DOM.
//
// The numbers come from the answer (contract §1, format 2): the target's upstream gradient δ (its
// grad), the operands' values, the edge's local (elementwise: shaped like the target) and downstream.
// Nothing is recomputed except the written-out products, which show how each entry arises.
import { fmtTex } from '../format.js';
import { asGrid } from './node_content.js';
import { loadedOps, opEntry } from '../ops.js';
import { fillNumbers } from '../explorer/arithmetic.js';

/** Sides longer than this are elided in the panel (first PANEL_HEAD entries, ⋯, the last one). */
export const PANEL_MAX = 8;
const PANEL_HEAD = 6;
/** Products are written out entry by entry (δ_j·x_k, or Σ of up to WRITE_MAX_TERMS such terms) only
 *  while the result has at most WRITE_MAX_SIDE rows and columns: beyond that the line is too long to read. */
export const WRITE_MAX_SIDE = 4;
export const WRITE_MAX_TERMS = 3;

const isTensor = Array.isArray;

/** Row or column indices to print for a side of n: all of them, or the head, null (⋯), the last. */
function shownIndices(n) {
  if (n <= PANEL_MAX) return [...Array(n).keys()];
  return [...[...Array(PANEL_HEAD).keys()], null, n - 1];
}

/** A grid (asGrid shape) → `\begin{bmatrix}…\end{bmatrix}`, entries by `entry(r, c)` (default: the
 *  number), long sides elided with ⋯ / ⋮. */
function bmatrix(grid, entry = (r, c) => fmtTex(grid.at(r, c))) {
  const rows = shownIndices(grid.rows);
  const cols = shownIndices(grid.cols);
  const lines = rows.map((r) => cols.map((c) => {
    if (r === null && c === null) return '\\ddots';
    if (r === null) return '\\vdots';
    if (c === null) return '\\cdots';
    return entry(r, c);
  }).join(' & '));
  return `\\begin{bmatrix}${lines.join(' \\\\ ')}\\end{bmatrix}`;
}

/** A grid transposed (a column vector becomes a row). */
export function transposed(grid) {
  return { rows: grid.cols, cols: grid.rows, at: (r, c) => grid.at(c, r), shape: [...grid.shape].reverse() };
}

/** LaTeX of a value as the textbook writes it: a number, a column vector, a matrix; `transpose` gives
 *  its transpose (xᵀ a row). */
export function texMatrix(v, { transpose = false } = {}) {
  if (!isTensor(v)) return fmtTex(v);
  const grid = asGrid(v);
  return bmatrix(transpose ? transposed(grid) : grid);
}

// A number as a factor in a product: negatives (and 1.5 × 10^{−7}) in parentheses.
function factor(v) {
  const tex = fmtTex(v);
  return tex.startsWith('-') || tex.includes('\\times') ? `(${tex})` : tex;
}

/** The product A B written out entry by entry (Σ_k a_ik b_kj as numbers), or null when it would be
 *  too long to read (see WRITE_MAX_SIDE / WRITE_MAX_TERMS). */
export function writtenProduct(a, b) {
  if (a.rows > WRITE_MAX_SIDE || b.cols > WRITE_MAX_SIDE || a.cols > WRITE_MAX_TERMS) return null;
  return bmatrix({ rows: a.rows, cols: b.cols, at: () => 0 }, (r, c) => Array.from({ length: a.cols },
    (_, k) => `${factor(a.at(r, k))} \\cdot ${factor(b.at(k, c))}`).join(' + '));
}

const partial = (top, bottom) => `\\frac{\\partial ${top}}{\\partial ${bottom}}`;

/** A grid of a vector or matrix gradient, as the textbook lays it out (vectors as columns). */
const gridOf = (v) => asGrid(v);

/**
 * The lines of one tensor edge's backward arithmetic, or null when the edge is scalar (the panel's
 * scalar arithmetic covers it).
 *
 * `step`: {op: the target's op, slot: the source's operand position, operands: the target's operand
 * values in order, upstream: the target's grad δ, local, localForm: 'scalar'|'elementwise'|'jacobian'
 * |'omitted', downstream: the edge's downstream, names: {out: L's LaTeX, target: the target's LaTeX,
 * source: the source's LaTeX, operands: [LaTeX of each operand]}}.
 *
 * → [{key: 'delta'|'rule'|'product'|'elementwise'|'sum'|'result', tex}], the lines to show in order.
 */
export function tensorEdgeLines(step) {
  const { op, slot, operands = [], upstream, local, localForm, downstream, names } = step;
  if (![upstream, downstream, ...operands].some(isTensor)) return null;
  const dSource = partial(names.out, names.source);
  // u = W x feeds z = u + b alone: then ∂L/∂u is the textbook's δ = ∂L/∂z (+ passes it on unchanged).
  const delta = names.via ? `${partial(names.out, names.via)} = ${partial(names.out, names.target)}` : partial(names.out, names.target);
  const lines = [{ key: 'delta', tex: `\\delta = ${delta} = ${texMatrix(upstream)}` }];
  if (op === 'matmul' && operands.length === 2 && operands.every(isTensor)) {
    const [A, B] = operands.map(gridOf);
    const dAsMatrix = gridOf(upstream); // a vector δ is a column, as the textbook writes it
    if (slot === 0) {
      // ∂L/∂A = δ Bᵀ: for z = W x, ∂L/∂W = δ xᵀ (an outer product for one sample).
      const Bt = transposed(B);
      const written = writtenProduct(dAsMatrix, Bt);
      lines.push({ key: 'rule', tex: `${dSource} = \\delta\\, {${names.operands[1]}}^{\\top}` });
      lines.push({ key: 'product', tex: `= ${bmatrix(dAsMatrix)}\\, ${bmatrix(Bt)}${written ? ` = ${written}` : ''} = ${texMatrix(downstream)}` });
    } else {
      // ∂L/∂B = Aᵀ δ: for z = W x, ∂L/∂x = Wᵀ δ.
      const At = transposed(A);
      const written = writtenProduct(At, dAsMatrix);
      lines.push({ key: 'rule', tex: `${dSource} = {${names.operands[0]}}^{\\top} \\delta` });
      lines.push({ key: 'product', tex: `= ${bmatrix(At)}\\, ${bmatrix(dAsMatrix)}${written ? ` = ${written}` : ''} = ${texMatrix(downstream)}` });
    }
    return lines;
  }
  const source = operands[slot];
  const broadcast = isTensor(upstream) && JSON.stringify(asGrid(source ?? 0).shape) !== JSON.stringify(asGrid(upstream).shape);
  if (op === 'add' && localForm !== 'jacobian') {
    if (broadcast) {
      // b (n × 1) was added to every column of δ's n × m: its gradient sums δ over the columns.
      lines.push({ key: 'sum', tex: `${dSource} = \\delta\\,\\mathbf{1} = \\textstyle\\sum_{\\text{columns}} \\delta = ${texMatrix(downstream)}` });
    } else {
      lines.push({ key: 'rule', tex: `${dSource} = \\delta = ${texMatrix(downstream)}` });
    }
    return lines;
  }
  if (localForm === 'elementwise' && isTensor(local)) {
    const tail = broadcast ? ` \\;\\xrightarrow{\\ \\sum\\ } ${texMatrix(downstream)}` : ` = ${texMatrix(downstream)}`;
    lines.push({ key: 'elementwise', tex: `${dSource} = \\delta \\odot ${partial(names.target, names.source)} = ${texMatrix(upstream)} \\odot ${texMatrix(local)}${tail}` });
    return lines;
  }
  lines.push({ key: 'result', tex: `${dSource} = ${texMatrix(downstream)}` });
  return lines;
}

/** The step of a linked answer's edge (static/js/answer.js) for tensorEdgeLines; `answer` is the linked
 *  answer (its byId and output). */
export function edgeStep(edge, answer) {
  const target = edge.target;
  const out = answer.byId.get(answer.output);
  const consumers = target.consumers ?? [];
  const next = consumers.length === 1 ? answer.byId.get(consumers[0]) : null;
  const via = target.op === 'matmul' && next?.op === 'add' && !/^_/.test(next.id) ? next.latex : null;
  return {
    op: target.op, slot: edge.slot, operands: target.inputs.map((e) => e.source.value), upstream: target.grad,
    local: edge.local, localForm: edge.local_form, downstream: edge.downstream,
    names: { out: out.latex, target: target.latex, source: edge.source.latex, via, operands: target.inputs.map((e) => e.source.latex) },
  };
}

/** An op's formula for tall operands: its plain parentheses around operands grow with them
 *  (σ(#1) → σ\left(#1\right)), so a printed matrix sits inside them. Typesetting only: the notation
 *  is the op table's. */
const sizedDelimiters = (latex) => latex.replace(/(?<!\\left)\(([^()]*#\d[^()]*)\)/g, '\\left($1\\right)');

/**
 * What follows "formula =" on a forward step whose value is a tensor, with the numbers: the op's
 * formula from the op table (GET /api/v1/ops, static/js/ops.js) with its operands' matrices in place,
 * "[W] [x] = [u]", "ReLU([z]) = [a]" (the notation of the scalar steps); the value alone when the op
 * table is not loaded or does not know the op, or when the formula would only repeat the value (an alias).
 * `op` is the op's name or its node (ln as typed, see ops.js opEntry), `inputs` the operand nodes'
 * values in order, `ops` the op table (by default the page's once it has arrived). Null when the value
 * is not a tensor. Pure given `ops`.
 */
export function tensorForward(op, inputs, value, ops = loadedOps()) {
  if (!isTensor(value)) return null;
  const result = texMatrix(value);
  const entry = opEntry(ops, op);
  if (!entry || !inputs?.length) return result;
  const filled = fillNumbers({ ...entry, latex: sizedDelimiters(entry.latex) }, inputs, (v) => texMatrix(v));
  return filled === result ? result : `${filled} = ${result}`;
}
