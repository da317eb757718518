/**
 * Collaboration carets for one rich-text field. Tiptap's CollaborationCaret overwrites the awareness
 * `user` field with `{name, color}`, which would drop our presence data (`user.id`); this variant
 * keeps its rendering and leaves `user` alone (the server stamps it anyway).
 *
 * Carets of different fields never mix: a caret is a relative position inside one Y.XmlFragment and
 * y-tiptap draws only those that resolve inside this editor's fragment. (A separate awareness field
 * per editor would be cleaner, but y-tiptap 3.0.9 reads remote carets from `cursor` whatever
 * `cursorStateField` says, so carets written elsewhere would never be drawn.)
 */
import { CollaborationCaret } from "@tiptap/extension-collaboration-caret";
import { yCursorPlugin } from "@tiptap/y-tiptap";
import type { Awareness } from "y-protocols/awareness";
import { othersAwareness } from "./othersAwareness";

export interface FieldCaretOptions {
  readonly awareness: Awareness | null;
  /** Names the field, e.g. `notes:<id>` (for debugging; carets are told apart by their fragment). */
  readonly field: string;
}

const COLOR = /^#[0-9a-fA-F]{6}$/;

function caret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === "string" && COLOR.test(user.color) ? user.color : "#666666";
  const name = typeof user.name === "string" ? user.name.slice(0, 40) : "";
  const el = document.createElement("span");
  el.className = "collaboration-carets__caret";
  el.style.borderColor = color;
  const label = document.createElement("div");
  label.className = "collaboration-carets__label";
  label.style.backgroundColor = color;
  // Text node, never innerHTML: names come from other clients.
  label.append(document.createTextNode(name));
  el.append(label);
  return el;
}

/** CollaborationCaret bound to one awareness field. */
export const FieldCaret = CollaborationCaret.extend<FieldCaretOptions & Record<string, unknown>>({
  name: "fieldCaret",
  addOptions() {
    return { ...this.parent?.(), awareness: null, field: "default", provider: {} };
  },
  onCreate() {},
  addProseMirrorPlugins() {
    const { awareness } = this.options;
    if (!awareness) return [];
    return [
      yCursorPlugin(
        othersAwareness(awareness),
        {
          cursorBuilder: (user: Record<string, unknown>) => caret(user),
          selectionBuilder: (user: Record<string, unknown>) => ({
            style: `background-color: ${typeof user.color === "string" && COLOR.test(user.color) ? user.color : "#666666"}33`,
            class: "ProseMirror-yjs-selection",
          }),
        },
        "cursor",
      ),
    ];
  },
});
