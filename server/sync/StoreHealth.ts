/** The store's health as the rooms see it (what /healthz reports): failing rooms and the last error. */

export interface StoreErrorReport {
  readonly docName: string;
  readonly message: string;
  readonly at: string;
}

/** A room as health tracking sees it. */
interface TrackedRoom {
  readonly name: string;
  /** Its writes are failing (a retry is pending). */
  readonly failing: boolean;
}

export class StoreHealth {
  private readonly failingRooms = new Set<TrackedRoom>();
  private lastError: StoreErrorReport | null = null;
  private lastErrorTime = 0;
  private lastSuccess = 0;

  /** A load or a round of appends failed. */
  failed(room: TrackedRoom, error: Error): void {
    this.failingRooms.add(room);
    this.lastError = { docName: room.name, message: error.message, at: new Date().toISOString() };
    this.lastErrorTime = Date.now();
  }

  /** A load or commit succeeded (the store answers again). */
  ok(room: TrackedRoom): void {
    if (!room.failing) this.failingRooms.delete(room);
    this.lastSuccess = Date.now();
  }

  /** The room left memory. */
  forget(room: TrackedRoom): void {
    this.failingRooms.delete(room);
  }

  report(): { failingRooms: number; storeHealthy: boolean; lastStoreError: StoreErrorReport | null } {
    return {
      failingRooms: this.failingRooms.size,
      storeHealthy: this.failingRooms.size === 0 && this.lastSuccess >= this.lastErrorTime,
      lastStoreError: this.lastError,
    };
  }
}
