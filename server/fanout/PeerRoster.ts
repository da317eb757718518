/**
 * The other instances an instance sends its room batches to (RedisFanout's per-instance inboxes).
 *
 * Learned from Redis (the inbox channels that have a subscriber) and from peers' hellos; forgotten
 * when a publication to a peer's inbox reached nobody. Each entry carries the generation it was
 * learned in, so a "reached nobody" answer to a publication sent before a peer said hello again
 * (it was away and came back) does not forget it.
 */
export class PeerRoster {
  private readonly peers = new Map<string, number>();
  private generation = 0;

  constructor(private readonly self: string) {}

  /** Peer ids with the generation each was learned in, to pass back to `unreachable`. */
  entries(): IterableIterator<[string, number]> {
    return this.peers.entries();
  }

  get size(): number {
    return this.peers.size;
  }

  /** A peer said hello (or was seen subscribed): known from now on, in a new generation. Returns whether it was new. */
  add(id: string): boolean {
    if (id === this.self) return false;
    const known = this.peers.has(id);
    this.generation += 1;
    this.peers.set(id, this.generation);
    return !known;
  }

  /** The inboxes Redis lists as subscribed: returns the ids not known before. Known ones stay. */
  merge(ids: Iterable<string>): string[] {
    const added: string[] = [];
    for (const id of ids) if (!this.peers.has(id) && this.add(id)) added.push(id);
    return added;
  }

  /** A publication sent to `id` while it was known in `generation` reached nobody: forget it, unless it was learned again since. */
  unreachable(id: string, generation: number): void {
    if (this.peers.get(id) === generation) this.peers.delete(id);
  }
}
