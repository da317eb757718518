/** Calls `fire(key)` once per `delayMs` window per key, at the window's end (`flush` fires them all now). */
export class Debounce {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly delayMs: number,
    private readonly fire: (key: string) => void,
  ) {}

  note(key: string): void {
    if (this.timers.has(key)) return;
    this.timers.set(
      key,
      setTimeout(() => this.fireNow(key), this.delayMs),
    );
  }

  flush(): void {
    for (const key of [...this.timers.keys()]) this.fireNow(key);
  }

  private fireNow(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.fire(key);
  }
}
