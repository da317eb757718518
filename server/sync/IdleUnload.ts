/**
 * When a room leaves memory: once nothing holds it (connections, writes in flight, a compaction,
 * a server-side read or edit) for `idleMs`. Holds bracket async work so a room cannot unload
 * under a REST call that is using it.
 */
export class IdleUnload {
  private holds = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly idleMs: number,
    /** Whether the room is otherwise idle (loaded, no connections, nothing being written). */
    private readonly isIdle: () => boolean,
    private readonly unload: () => void,
  ) {}

  /** Runs `work` with the room held in memory. */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    this.holds += 1;
    this.cancel();
    try {
      return await work();
    } finally {
      this.holds -= 1;
      this.check();
    }
  }

  /** Starts the countdown if the room is idle now (call after anything that may have made it so). */
  check(): void {
    if (!this.idle() || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.idle()) this.unload();
    }, this.idleMs);
  }

  /** Something uses the room again. */
  cancel(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private idle(): boolean {
    return this.holds === 0 && this.isIdle();
  }
}
