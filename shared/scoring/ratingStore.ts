import { parseCode } from "./ratingScale";
import type { ScoringInput } from "./types";

/** Raw ratings as entered (including garbage and ratings for inactive cells), per user. */
export interface RatingStore {
  /** A getter for one user's ratings by cell key, or undefined when the user has none. */
  forUser(userId: string): ((key: string) => unknown) | undefined;
  /**
   * Bulk load: writes the code of the user's value at keys[k] to codes[k · stride + offset]
   * (EMPTY where there is none); false, writing nothing, when the user has no ratings.
   */
  readCodes(
    userId: string,
    keys: readonly string[],
    codes: Uint8Array,
    stride: number,
    offset: number,
  ): boolean;
  userIds(): Iterable<string>;
  /** Number of non-null entries of a user. */
  size(userId: string): number;
}

/** Read-only view of ScoringInput.ratings; own properties only, so "__proto__" or "constructor" user ids are inert. */
export class RecordRatingStore implements RatingStore {
  private readonly sizes = new Map<string, number>();

  constructor(private readonly ratings: ScoringInput["ratings"]) {}

  private record(userId: string): Readonly<Record<string, unknown>> | undefined {
    if (!Object.hasOwn(this.ratings, userId)) return undefined;
    const record: unknown = this.ratings[userId];
    return typeof record === "object" && record !== null ? (record as Record<string, unknown>) : undefined;
  }

  forUser(userId: string): ((key: string) => unknown) | undefined {
    const record = this.record(userId);
    if (record === undefined) return undefined;
    const proto: unknown = Object.getPrototypeOf(record);
    // Cell keys contain ":", which no Object.prototype member does: plain records need no hasOwn check.
    if (proto === Object.prototype || proto === null) return (key) => record[key];
    return (key) => (Object.hasOwn(record, key) ? record[key] : undefined);
  }

  readCodes(
    userId: string,
    keys: readonly string[],
    codes: Uint8Array,
    stride: number,
    offset: number,
  ): boolean {
    const record = this.record(userId);
    if (record === undefined) return false;
    const proto: unknown = Object.getPrototypeOf(record);
    const plain = proto === Object.prototype || proto === null;
    for (let k = 0, at = offset; k < keys.length; k++, at += stride) {
      const key = keys[k] as string;
      codes[at] = parseCode(plain || Object.hasOwn(record, key) ? record[key] : undefined);
    }
    return true;
  }

  userIds(): Iterable<string> {
    return Object.keys(this.ratings);
  }

  size(userId: string): number {
    const cached = this.sizes.get(userId);
    if (cached !== undefined) return cached;
    const record = this.record(userId);
    let count = 0;
    if (record !== undefined) {
      for (const key of Object.keys(record)) if (record[key] !== undefined && record[key] !== null) count++;
    }
    this.sizes.set(userId, count);
    return count;
  }
}

/** Mutable copy the incremental engine owns. */
export class MapRatingStore implements RatingStore {
  private readonly users = new Map<string, Map<string, unknown>>();

  static from(ratings: ScoringInput["ratings"]): MapRatingStore {
    const store = new MapRatingStore();
    const source = new RecordRatingStore(ratings);
    for (const userId of source.userIds()) {
      const get = source.forUser(userId);
      if (get === undefined) continue;
      for (const key of Object.keys(ratings[userId] ?? {})) store.set(userId, key, get(key));
    }
    return store;
  }

  /** Stores a value; null/undefined deletes. */
  set(userId: string, key: string, value: unknown): void {
    let entries = this.users.get(userId);
    if (value === null || value === undefined) {
      entries?.delete(key);
      return;
    }
    if (entries === undefined) {
      entries = new Map();
      this.users.set(userId, entries);
    }
    entries.set(key, value);
  }

  forUser(userId: string): ((key: string) => unknown) | undefined {
    const entries = this.users.get(userId);
    return entries === undefined ? undefined : (key) => entries.get(key);
  }

  readCodes(
    userId: string,
    keys: readonly string[],
    codes: Uint8Array,
    stride: number,
    offset: number,
  ): boolean {
    const entries = this.users.get(userId);
    if (entries === undefined) return false;
    for (let k = 0, at = offset; k < keys.length; k++, at += stride)
      codes[at] = parseCode(entries.get(keys[k] as string));
    return true;
  }

  userIds(): Iterable<string> {
    return this.users.keys();
  }

  size(userId: string): number {
    return this.users.get(userId)?.size ?? 0;
  }
}
