/**
 * An awareness whose "change" event fires only when another client's state changed, for the caret
 * plugin. y-tiptap redraws the carets on every awareness change — a second, meta-only editor
 * transaction, in which its sync plugin walks the whole document again — and my own caret moves on
 * every keystroke, yet it never draws my own caret: so my moves need not redraw anything.
 */
import type { Awareness } from "y-protocols/awareness";

interface AwarenessChanges {
  readonly added: readonly number[];
  readonly updated: readonly number[];
  readonly removed: readonly number[];
}

type ChangeListener = (changes: AwarenessChanges, origin: unknown) => void;

export function othersAwareness(awareness: Awareness): Awareness {
  const filtered = new WeakMap<ChangeListener, ChangeListener>();
  const ofOthers = (f: ChangeListener): ChangeListener => {
    let g = filtered.get(f);
    if (g === undefined) {
      g = (changes, origin) => {
        const me = awareness.clientID;
        const clients = [...changes.added, ...changes.updated, ...changes.removed];
        if (clients.some((id) => id !== me)) f(changes, origin);
      };
      filtered.set(f, g);
    }
    return g;
  };
  const on = (name: string, f: ChangeListener): void => {
    (awareness as unknown as { on(n: string, l: ChangeListener): void }).on(
      name,
      name === "change" ? ofOthers(f) : f,
    );
  };
  const off = (name: string, f: ChangeListener): void => {
    (awareness as unknown as { off(n: string, l: ChangeListener): void }).off(
      name,
      name === "change" ? (filtered.get(f) ?? f) : f,
    );
  };
  return new Proxy(awareness, {
    get(target, prop) {
      if (prop === "on") return on;
      if (prop === "off") return off;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
