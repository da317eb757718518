/** The activity feed of MemoryStore: same coalescing and ordering as the SQLite table, in arrays. */
import type { ActivityEntry, ActivityInput } from "../../shared/history/activity";
import type { ActivityQuery, HistoryStore } from "./HistoryStore";

export class MemoryActivityLog implements HistoryStore {
  private readonly entries: ActivityEntry[] = [];
  private readonly byKey = new Map<string, number>();

  async appendActivity(entries: readonly ActivityInput[]): Promise<void> {
    this.insert(entries);
  }

  /** Stores entries now (MemoryStore's appends call it with their update). */
  insert(entries: readonly ActivityInput[]): void {
    for (const input of entries) {
      const key = input.coalesceKey === null ? null : `${input.analysisId}\u0000${input.coalesceKey}`;
      const index = key === null ? undefined : this.byKey.get(key);
      const existing = index === undefined ? undefined : this.entries[index];
      if (index !== undefined && existing !== undefined) {
        this.entries[index] = {
          ...existing,
          at: input.at,
          after: input.after,
          label: input.label ?? existing.label,
          count: existing.count + 1,
        };
        continue;
      }
      this.entries.push({ ...input, id: this.entries.length + 1, count: 1 });
      if (key !== null) this.byKey.set(key, this.entries.length - 1);
    }
  }

  async listActivity(analysisId: string, query: ActivityQuery): Promise<ActivityEntry[]> {
    const out: ActivityEntry[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length < query.limit; i--) {
      const e = this.entries[i] as ActivityEntry;
      if (e.analysisId !== analysisId) continue;
      if (query.userId !== undefined && e.userId !== query.userId) continue;
      if (query.kind !== undefined && e.kind !== query.kind) continue;
      if (query.beforeId !== undefined && e.id >= query.beforeId) continue;
      if (query.beforeAt !== undefined && e.at >= query.beforeAt) continue;
      out.push(e);
    }
    return out;
  }

  async lastActivityAt(analysisId: string): Promise<string | null> {
    let last: string | null = null;
    for (const e of this.entries)
      if (e.analysisId === analysisId && (last === null || e.at > last)) last = e.at;
    return last;
  }
}
