/**
 * One rich-text field bound to a Y.XmlFragment with Tiptap: co-edited live, with the carets of others
 * in this field only. Tiptap's own history is off (`undoRedo: false`): Ctrl/Cmd-Z inside the editor
 * is the Yjs undo of the collaboration extension, which undoes only my edits to this field. Pasted
 * HTML is parsed into the editor's schema, so scripts and handlers never reach the page.
 */
import { Collaboration } from "@tiptap/extension-collaboration";
import { EditorContent, useEditor } from "@tiptap/react";
import { StarterKit } from "@tiptap/starter-kit";
import type { Awareness } from "y-protocols/awareness";
import type * as Y from "yjs";
import { FieldCaret } from "./FieldCaret";
import { useEditableByRole } from "./useEditableByRole";
import "./RichTextEditor.css";

export interface RichTextEditorProps {
  readonly fragment: Y.XmlFragment;
  /** Awareness of the provider of the document that holds `fragment` (carets travel on it). */
  readonly awareness: Awareness;
  /** Unique per field, e.g. `notes:<evidenceId>`: carets of different fields never mix. */
  readonly field: string;
  /** Accessible name, e.g. "Evidence notes". */
  readonly label: string;
  readonly readOnly?: boolean;
  readonly testId?: string;
}

export function RichTextEditor({
  fragment,
  awareness,
  field,
  label,
  readOnly = false,
  testId,
}: RichTextEditorProps) {
  const editor = useEditor(
    {
      extensions: [
        StarterKit.configure({
          undoRedo: false,
          // Tiptap's Link refuses javascript: and other unsafe URLs; clicks must not navigate while editing.
          link: { openOnClick: false },
        }),
        Collaboration.configure({ fragment }),
        FieldCaret.configure({ awareness, field }),
      ],
      editable: !readOnly,
      editorProps: {
        attributes: {
          class: "rich-text-content",
          role: "textbox",
          "aria-multiline": "true",
          "aria-label": label,
          ...(testId ? { "data-testid": testId } : {}),
        },
      },
    },
    [fragment, awareness, field],
  );

  useEditableByRole(editor, readOnly);

  return (
    <div className={`rich-text ${readOnly ? "is-readonly" : ""}`}>
      {!readOnly && editor && (
        <div className="rich-toolbar" role="toolbar" aria-label={`${label} formatting`}>
          <button
            type="button"
            className={`tool ${editor.isActive("bold") ? "is-on" : ""}`}
            aria-pressed={editor.isActive("bold")}
            aria-label="Bold"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => editor.chain().focus().toggleBold().run()}
          >
            <b>B</b>
          </button>
          <button
            type="button"
            className={`tool ${editor.isActive("italic") ? "is-on" : ""}`}
            aria-pressed={editor.isActive("italic")}
            aria-label="Italic"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => editor.chain().focus().toggleItalic().run()}
          >
            <i>I</i>
          </button>
          <button
            type="button"
            className={`tool ${editor.isActive("bulletList") ? "is-on" : ""}`}
            aria-pressed={editor.isActive("bulletList")}
            aria-label="Bulleted list"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => editor.chain().focus().toggleBulletList().run()}
          >
            •
          </button>
        </div>
      )}
      <EditorContent editor={editor} />
    </div>
  );
}
