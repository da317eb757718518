/**
 * The captured text of a source: one Tiptap editor bound to the source document's `text` fragment
 * (co-edited live, carets of others shown), the cited passages highlighted with the codes of the
 * rows that cite them, and, on a selection, the actions that cite it.
 */
import { Collaboration } from "@tiptap/extension-collaboration";
import { EditorContent, useEditor, useEditorState } from "@tiptap/react";
import { StarterKit } from "@tiptap/starter-kit";
import { type ReactNode, useEffect, useRef } from "react";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import type { TextAnchor } from "../../../shared/sources/anchoring";
import {
  CitationHighlights,
  focusCitation,
  type PassageAnchor,
  setCitationAnchors,
} from "./CitationHighlights";
import { FieldCaret } from "./FieldCaret";
import { selectedPassage } from "./selectedPassage";
import { useEditableByRole } from "./useEditableByRole";
import "./RichTextEditor.css";

export interface SourceTextEditorProps {
  readonly fragment: Y.XmlFragment;
  readonly awareness: Awareness;
  readonly readOnly: boolean;
  readonly anchors: readonly PassageAnchor[];
  /** The citation to scroll to and emphasise (from `?cite=`), or null. */
  readonly focusKey: string | null;
  /** Drawn beside a non-empty selection (not for viewers); `passage()` reads it when an action runs. */
  readonly selectionActions?: (passage: () => TextAnchor | null) => ReactNode;
}

export function SourceTextEditor(props: SourceTextEditorProps) {
  const { fragment, awareness, readOnly, anchors, focusKey } = props;
  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({ undoRedo: false, link: { openOnClick: false } }),
        Collaboration.configure({ fragment }),
        FieldCaret.configure({ awareness, field: "source:text" }),
        CitationHighlights.configure({ fragment }),
      ],
      editable: !readOnly,
      editorProps: {
        attributes: {
          class: "rich-text-content source-text-content",
          role: "textbox",
          "aria-multiline": "true",
          "aria-label": "Captured text",
          "data-testid": "source-text",
        },
      },
    },
    [fragment, awareness],
  );

  useEditableByRole(editor, readOnly);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.view.dispatch(setCitationAnchors(editor.state.tr, anchors));
  }, [editor, anchors]);

  // Emphasise the asked-for passage, and bring it into view once when it first resolves (the text
  // may still be arriving from the server when the page opens).
  const scrolledTo = useRef<string | null>(null);
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.view.dispatch(focusCitation(editor.state.tr, focusKey));
    if (focusKey === null) return;
    const tryScroll = (): void => {
      if (scrolledTo.current === focusKey || editor.isDestroyed) return;
      const el = editor.view.dom.querySelector(".cited.is-focused");
      if (!el) return;
      scrolledTo.current = focusKey;
      el.scrollIntoView({ block: "center" });
    };
    tryScroll();
    editor.on("transaction", tryScroll);
    return () => {
      editor.off("transaction", tryScroll);
    };
  }, [editor, focusKey]);

  const selection = useEditorState({
    editor,
    selector: ({ editor: e }) => {
      if (!e || e.state.selection.empty) return null;
      const { to } = e.state.selection;
      return { to };
    },
  });

  const wrapRef = useRef<HTMLDivElement>(null);
  let bubble: ReactNode = null;
  if (editor && selection && props.selectionActions && !readOnly) {
    const wrap = wrapRef.current?.getBoundingClientRect();
    const at = editor.view.coordsAtPos(selection.to);
    const top = wrap ? at.bottom - wrap.top + 6 : 0;
    const left = wrap ? Math.max(0, Math.min(at.left - wrap.left, wrap.width - 280)) : 0;
    bubble = (
      <div
        className="selection-actions"
        role="toolbar"
        aria-label="Cite the selected passage"
        style={{ top, left }}
        data-testid="selection-actions"
      >
        {props.selectionActions(() => selectedPassage(editor.state, fragment))}
      </div>
    );
  }

  return (
    <div className={`rich-text source-text ${readOnly ? "is-readonly" : ""}`} ref={wrapRef}>
      <EditorContent editor={editor} />
      {bubble}
    </div>
  );
}
