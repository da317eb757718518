/** Keeps an editor's editability in step with my role without re-creating it (which would lose the caret). */
import type { Editor } from "@tiptap/react";
import { useEffect } from "react";

export function useEditableByRole(editor: Editor | null, readOnly: boolean): void {
  // The role arrives after the editor exists and may change while the page is open (a lead promotes
  // or demotes me).
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.setEditable(!readOnly, false);
    if (readOnly) editor.view.dom.setAttribute("aria-readonly", "true");
    else editor.view.dom.removeAttribute("aria-readonly");
  }, [editor, readOnly]);
}
