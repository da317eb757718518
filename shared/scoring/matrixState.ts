/**
 * Dense, integer state of the rating matrix. Rows live in slots (so removal never shifts the
 * arrays) and `order` holds the display order. Every aggregate is an integer count or sum that
 * edits add to and subtract from, so a full build and any sequence of edits agree exactly:
 *
 * - codes[(slot·H + h)·A + a]       each member analyst's code (EMPTY, 1…5, NA, INVALID)
 * - nNA / nRated / sum / sumSq[cell] per-cell tallies for consensus and disagreement
 * - computed / effective[cell]       analysts' consensus, and the same after a lead override
 * - inc / con[h·9 + bucket]          column sums of inconsistency (I 1, II 2) and consistency (C 1, CC 2)
 * - aInc / aCon / aRated / aFilled   the same per analyst, from that analyst's codes alone
 */

import { rowDiagnosticity } from "./diagnosticity";
import { loadCodes, loadOverrides, tallyAll } from "./fullTally";
import { dedupe, overrideCodeOf } from "./matrixInput";
import {
  cellKey,
  consensusCode,
  consistencyValue,
  EMPTY,
  INVALID,
  inconsistencyValue,
  isScaled,
  NA,
  parseCode,
} from "./ratingScale";
import type { RatingStore } from "./ratingStore";
import type { ScoringEvidence, ScoringHypothesis, ScoringWarning, Weights } from "./types";
import { BUCKETS, bucketWeights, levelIndex, resolveWeights } from "./weights";

/** Everything a build needs; overrides may hold garbage from a hostile client. */
export interface StateSource {
  readonly hypotheses: readonly ScoringHypothesis[];
  readonly evidence: readonly ScoringEvidence[];
  readonly analysts: readonly string[];
  readonly store: RatingStore;
  readonly overrides: ReadonlyMap<string, unknown>;
  readonly weights: Weights | undefined;
}

export class MatrixState {
  readonly hypotheses: readonly ScoringHypothesis[];
  readonly hypIndex = new Map<string, number>();
  readonly analysts: readonly string[];
  readonly analystIndex = new Map<string, number>();
  readonly H: number;
  readonly A: number;
  weights: Weights;
  bucketWeight: Float64Array;
  weightWarnings: ScoringWarning[];
  readonly structuralWarnings: ScoringWarning[] = [];

  cap = 0;
  readonly rowInput: (ScoringEvidence | undefined)[] = [];
  readonly rowSlot = new Map<string, number>();
  readonly order: number[] = [];
  private readonly freeSlots: number[] = [];
  bucket = new Uint8Array(0);
  badLevel = new Uint8Array(0);
  diag = new Float64Array(0);
  diagCount = new Int32Array(0);

  codes = new Uint8Array(0);
  nNA = new Int32Array(0);
  nRated = new Int32Array(0);
  sum = new Int32Array(0);
  sumSq = new Int32Array(0);
  computed = new Uint8Array(0);
  effective = new Uint8Array(0);
  overrideCode = new Uint8Array(0);
  readonly overrideReason = new Map<number, string>();

  readonly inc: Int32Array;
  readonly con: Int32Array;
  readonly ratedRows: Int32Array;
  readonly unrated: Int32Array;
  readonly aInc: Int32Array;
  readonly aCon: Int32Array;
  readonly aRated: Int32Array;
  readonly aFilled: Int32Array;
  readonly aInvalid: Int32Array;
  private readonly scratch: Float64Array;

  private constructor(source: StateSource) {
    this.hypotheses = dedupe(source.hypotheses, (h) => h.id, "hypothesis", this.structuralWarnings);
    for (const [i, h] of this.hypotheses.entries()) this.hypIndex.set(h.id, i);
    this.analysts = [...new Set(source.analysts)];
    for (const [i, a] of this.analysts.entries()) this.analystIndex.set(a, i);
    this.H = this.hypotheses.length;
    this.A = this.analysts.length;
    const resolved = resolveWeights(source.weights);
    this.weights = resolved.weights;
    this.weightWarnings = resolved.warnings;
    this.bucketWeight = bucketWeights(this.weights);
    const { H, A } = this;
    this.inc = new Int32Array(H * BUCKETS);
    this.con = new Int32Array(H * BUCKETS);
    this.ratedRows = new Int32Array(H);
    this.unrated = new Int32Array(H);
    this.aInc = new Int32Array(A * H * BUCKETS);
    this.aCon = new Int32Array(A * H * BUCKETS);
    this.aRated = new Int32Array(A * H);
    this.aFilled = new Int32Array(A * H);
    this.aInvalid = new Int32Array(A);
    this.scratch = new Float64Array(H);
  }

  /** Builds the whole state in a few linear passes. */
  static build(source: StateSource): MatrixState {
    const state = new MatrixState(source);
    const evidence = dedupe(source.evidence, (e) => e.id, "evidence", state.structuralWarnings);
    state.grow(evidence.length);
    for (const row of evidence) {
      const slot = state.allocateSlot(row);
      state.order.push(slot);
    }
    loadCodes(state, source.store);
    if (source.overrides.size > 0) loadOverrides(state, source.overrides);
    tallyAll(state);
    return state;
  }

  /** Changes the weights; column sums are per bucket, so nothing else moves. */
  setWeights(weights: Weights | undefined): void {
    const resolved = resolveWeights(weights);
    this.weights = resolved.weights;
    this.weightWarnings = resolved.warnings;
    this.bucketWeight = bucketWeights(this.weights);
  }

  private grow(minCap: number): void {
    if (minCap <= this.cap) return;
    const cap = Math.max(minCap, this.cap * 2, 16);
    const { H, A } = this;
    const resizeU8 = (old: Uint8Array, n: number) => {
      const next = new Uint8Array(n);
      next.set(old);
      return next;
    };
    const resizeI32 = (old: Int32Array, n: number) => {
      const next = new Int32Array(n);
      next.set(old);
      return next;
    };
    const diag = new Float64Array(cap);
    diag.set(this.diag);
    this.diag = diag;
    this.bucket = resizeU8(this.bucket, cap);
    this.badLevel = resizeU8(this.badLevel, cap);
    this.diagCount = resizeI32(this.diagCount, cap);
    this.codes = resizeU8(this.codes, cap * H * A);
    this.nNA = resizeI32(this.nNA, cap * H);
    this.nRated = resizeI32(this.nRated, cap * H);
    this.sum = resizeI32(this.sum, cap * H);
    this.sumSq = resizeI32(this.sumSq, cap * H);
    this.computed = resizeU8(this.computed, cap * H);
    this.effective = resizeU8(this.effective, cap * H);
    this.overrideCode = resizeU8(this.overrideCode, cap * H);
    this.cap = cap;
  }

  private allocateSlot(row: ScoringEvidence): number {
    let slot = this.freeSlots.pop();
    if (slot === undefined) {
      slot = this.rowInput.length;
      this.grow(slot + 1);
      this.rowInput.push(row);
    } else this.rowInput[slot] = row;
    this.rowSlot.set(row.id, slot);
    this.assignLevels(slot, row);
    return slot;
  }

  private assignLevels(slot: number, row: ScoringEvidence): void {
    const cred = levelIndex(row.credibility);
    const rel = levelIndex(row.relevance);
    this.badLevel[slot] = cred < 0 || rel < 0 ? 1 : 0;
    this.bucket[slot] = (cred < 0 ? 1 : cred) * 3 + (rel < 0 ? 1 : rel);
  }

  /** Stores a raw override of a cell (an invalid one clears it); the caller refreshes the cell. */
  storeOverride(ci: number, raw: unknown): void {
    const { code, reason } = overrideCodeOf(raw);
    this.overrideCode[ci] = code;
    if (code === EMPTY) this.overrideReason.delete(ci);
    else this.overrideReason.set(ci, reason);
  }

  private cellAdd(ci: number, code: number, d: number): void {
    if (code === NA) this.nNA[ci] = (this.nNA[ci] ?? 0) + d;
    else if (isScaled(code)) {
      this.nRated[ci] = (this.nRated[ci] ?? 0) + d;
      this.sum[ci] = (this.sum[ci] ?? 0) + d * code;
      this.sumSq[ci] = (this.sumSq[ci] ?? 0) + d * code * code;
    }
  }

  /** Adds d ratings of `code` by analyst a in column h, bucket b to that analyst's sums. */
  analystAdd(a: number, h: number, b: number, code: number, d: number): void {
    if (code === EMPTY) return;
    if (code === INVALID) {
      this.aInvalid[a] = (this.aInvalid[a] ?? 0) + d;
      return;
    }
    const ah = a * this.H + h;
    this.aFilled[ah] = (this.aFilled[ah] ?? 0) + d;
    if (code === NA) return;
    this.aRated[ah] = (this.aRated[ah] ?? 0) + d;
    const at = ah * BUCKETS + b;
    this.aInc[at] = (this.aInc[at] ?? 0) + d * inconsistencyValue(code);
    this.aCon[at] = (this.aCon[at] ?? 0) + d * consistencyValue(code);
  }

  private columnAdd(h: number, b: number, code: number, d: number): void {
    if (code === EMPTY) this.unrated[h] = (this.unrated[h] ?? 0) + d;
    else if (code !== NA) {
      this.ratedRows[h] = (this.ratedRows[h] ?? 0) + d;
      const at = h * BUCKETS + b;
      this.inc[at] = (this.inc[at] ?? 0) + d * inconsistencyValue(code);
      this.con[at] = (this.con[at] ?? 0) + d * consistencyValue(code);
    }
  }

  /** Recomputes one cell's consensus and moves the column sums if its effective code changed. */
  private refreshCell(slot: number, h: number): void {
    const ci = slot * this.H + h;
    const code = consensusCode(this.nNA[ci] ?? 0, this.nRated[ci] ?? 0, this.sum[ci] ?? 0);
    this.computed[ci] = code;
    const effective = this.overrideCode[ci] || code;
    const previous = this.effective[ci] ?? EMPTY;
    if (effective === previous) return;
    const b = this.bucket[slot] ?? 4;
    this.columnAdd(h, b, previous, -1);
    this.columnAdd(h, b, effective, 1);
    this.effective[ci] = effective;
  }

  /** Recomputes one row's diagnosticity (see diagnosticity.ts). */
  recomputeDiagnosticity(slot: number): void {
    const { diag, count } = rowDiagnosticity(this, slot, this.scratch);
    this.diagCount[slot] = count;
    this.diag[slot] = diag;
  }

  /** Sets one member analyst's code for an active cell: O(1) sums plus the row's O(H) diagnosticity. */
  applyRating(a: number, slot: number, h: number, code: number): void {
    const ci = slot * this.H + h;
    const at = ci * this.A + a;
    const previous = this.codes[at] ?? EMPTY;
    if (previous === code) return;
    const b = this.bucket[slot] ?? 4;
    this.cellAdd(ci, previous, -1);
    this.analystAdd(a, h, b, previous, -1);
    this.codes[at] = code;
    this.cellAdd(ci, code, 1);
    this.analystAdd(a, h, b, code, 1);
    this.refreshCell(slot, h);
    this.recomputeDiagnosticity(slot);
  }

  /** Sets or clears (raw undefined) the override of an active cell. */
  applyOverride(slot: number, h: number, raw: unknown): void {
    this.storeOverride(slot * this.H + h, raw);
    this.refreshCell(slot, h);
    this.recomputeDiagnosticity(slot);
  }

  /** Changes a row's credibility/relevance: moves its cells to the new bucket, O(A·H). */
  updateRow(slot: number, row: ScoringEvidence): void {
    const { H, A } = this;
    const oldBucket = this.bucket[slot] ?? 4;
    this.rowInput[slot] = row;
    this.assignLevels(slot, row);
    const b = this.bucket[slot] ?? 4;
    if (b === oldBucket) return;
    for (let h = 0; h < H; h++) {
      const ci = slot * H + h;
      const effective = this.effective[ci] ?? EMPTY;
      this.columnAdd(h, oldBucket, effective, -1);
      this.columnAdd(h, b, effective, 1);
      for (let a = 0; a < A; a++) {
        const code = this.codes[ci * A + a] ?? EMPTY;
        this.analystAdd(a, h, oldBucket, code, -1);
        this.analystAdd(a, h, b, code, 1);
      }
    }
  }

  /** Activates a row at a display position, pulling its stored ratings and overrides: O(A·H). */
  insertRow(
    row: ScoringEvidence,
    position: number,
    store: RatingStore,
    overrides: ReadonlyMap<string, unknown>,
  ) {
    const slot = this.allocateSlot(row);
    this.order.splice(Math.max(0, Math.min(position, this.order.length)), 0, slot);
    const { H, A } = this;
    const b = this.bucket[slot] ?? 4;
    for (let a = 0; a < A; a++) {
      const get = store.forUser(this.analysts[a] ?? "");
      if (get === undefined) continue;
      for (let h = 0; h < H; h++) {
        const code = parseCode(get(cellKey(row.id, this.hypotheses[h]?.id ?? "")));
        if (code === EMPTY) continue;
        const ci = slot * H + h;
        this.codes[ci * A + a] = code;
        this.cellAdd(ci, code, 1);
        this.analystAdd(a, h, b, code, 1);
      }
    }
    for (let h = 0; h < H; h++) {
      const ci = slot * H + h;
      const raw = overrides.get(cellKey(row.id, this.hypotheses[h]?.id ?? ""));
      if (raw !== undefined) this.storeOverride(ci, raw);
      const code = consensusCode(this.nNA[ci] ?? 0, this.nRated[ci] ?? 0, this.sum[ci] ?? 0);
      this.computed[ci] = code;
      this.effective[ci] = this.overrideCode[ci] || code;
      this.columnAdd(h, b, this.effective[ci] ?? EMPTY, 1);
    }
    this.recomputeDiagnosticity(slot);
  }

  /** Deactivates a row: subtracts it everywhere and frees its slot, O(A·H). */
  removeRow(slot: number): void {
    const { H, A } = this;
    const b = this.bucket[slot] ?? 4;
    for (let h = 0; h < H; h++) {
      const ci = slot * H + h;
      this.columnAdd(h, b, this.effective[ci] ?? EMPTY, -1);
      for (let a = 0; a < A; a++) this.analystAdd(a, h, b, this.codes[ci * A + a] ?? EMPTY, -1);
      this.codes.fill(EMPTY, ci * A, ci * A + A);
      this.nNA[ci] = 0;
      this.nRated[ci] = 0;
      this.sum[ci] = 0;
      this.sumSq[ci] = 0;
      this.computed[ci] = EMPTY;
      this.effective[ci] = EMPTY;
      this.overrideCode[ci] = EMPTY;
      this.overrideReason.delete(ci);
    }
    const id = this.rowInput[slot]?.id;
    if (id !== undefined) this.rowSlot.delete(id);
    this.rowInput[slot] = undefined;
    this.order.splice(this.order.indexOf(slot), 1);
    this.freeSlots.push(slot);
  }
}
