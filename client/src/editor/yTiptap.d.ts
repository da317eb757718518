/** @tiptap/y-tiptap 3.0.9 ships without its declaration files; this types the exports we call. */
declare module "@tiptap/y-tiptap" {
  type AwarenessUser = Record<string, unknown>;
  export function yCursorPlugin(
    awareness: import("y-protocols/awareness").Awareness,
    opts: {
      cursorBuilder: (user: AwarenessUser, clientId: number) => HTMLElement;
      selectionBuilder: (user: AwarenessUser, clientId: number) => import("@tiptap/pm/view").DecorationAttrs;
    },
    cursorStateField?: string,
  ): import("@tiptap/pm/state").Plugin;

  /** The sync plugin's key; its transactions carry `{ isChangeOrigin: true }` for remote changes. */
  export const ySyncPluginKey: import("@tiptap/pm/state").PluginKey;

  /** The ProseMirror document a fragment renders as (tests build the editor's view of a text with it). */
  export function yXmlFragmentToProseMirrorRootNode(
    fragment: import("yjs").XmlFragment,
    schema: import("@tiptap/pm/model").Schema,
  ): import("@tiptap/pm/model").Node;
}
