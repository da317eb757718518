/**
 * Live documents a worker built for one task, kept for the next: the main thread sends each
 * document as its stored rows (snapshot, then log), and between two reads of a document the rows
 * usually only grew (new edits append rows; compaction replaces them). When the rows kept are a
 * byte-equal prefix of the rows sent, only the rows after them are applied; otherwise the document
 * is built afresh. Comparing bytes (a memcmp) costs far less than decoding them into a Y.Doc.
 * Kept documents are only read, never edited or destroyed by readers.
 */
import * as Y from "yjs";

interface Kept {
  readonly rows: Uint8Array[];
  bytes: number;
  readonly doc: Y.Doc;
  /** Changes whenever the document changes: what was read from it may be kept under it. */
  generation: number;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a === b ||
  (a.byteLength === b.byteLength &&
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
      Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    ));

export class KeptDocuments {
  private readonly kept = new Map<string, Kept>();
  private generations = 0;
  private bytes = 0;

  /**
   * `maxBytes`: stored bytes of the documents kept (their Y.Docs take several times that); the
   * least recently read leave first, and a document bigger than that is not kept.
   */
  constructor(private readonly maxBytes: number) {}

  /** The document made of `rows`, and its generation (equal generations: the same state). */
  read(name: string, rows: readonly Uint8Array[]): { readonly doc: Y.Doc; readonly generation: number } {
    let kept = this.kept.get(name);
    const prefix =
      kept !== undefined &&
      kept.rows.length <= rows.length &&
      kept.rows.every((row, i) => sameBytes(row, rows[i] as Uint8Array));
    if (kept !== undefined) this.drop(name, kept);
    if (kept === undefined || !prefix) {
      kept = { rows: [], bytes: 0, doc: new Y.Doc(), generation: ++this.generations };
    }
    if (kept.rows.length < rows.length) {
      // One transaction per row, as a room loads them (deep deletions replay slice by slice).
      for (const row of rows.slice(kept.rows.length)) {
        Y.applyUpdate(kept.doc, row);
        kept.rows.push(row);
        kept.bytes += row.byteLength;
      }
      kept.generation = ++this.generations;
    }
    if (kept.bytes <= this.maxBytes) {
      this.kept.set(name, kept);
      this.bytes += kept.bytes;
      for (const [oldest, entry] of this.kept) {
        if (this.bytes <= this.maxBytes) break;
        this.drop(oldest, entry);
      }
    }
    return { doc: kept.doc, generation: kept.generation };
  }

  private drop(name: string, kept: Kept): void {
    this.kept.delete(name);
    this.bytes -= kept.bytes;
  }
}
