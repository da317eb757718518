/**
 * The rich-text editor as its own chunk: Tiptap and ProseMirror are about a third of the client, and
 * the pages that show an editor (the matrix's description, the side panels) paint their grid or list
 * without one. The chunk is fetched the first time an editor renders; a placeholder of the same
 * frame shows meanwhile.
 */
import { lazy, Suspense } from "react";
import { Skeleton } from "../ui/Skeleton";
import type { RichTextEditorProps } from "./RichTextEditor";
import "./RichTextEditor.css";

/** The editor's chunk (also prefetched once the page is idle, see App.tsx). */
export const loadRichTextEditor = () => import("./RichTextEditor");

const Editor = lazy(() => loadRichTextEditor().then((m) => ({ default: m.RichTextEditor })));

export function RichTextEditor(props: RichTextEditorProps) {
  return (
    <Suspense
      fallback={
        <div className={`rich-text ${props.readOnly ? "is-readonly" : ""}`} aria-busy="true">
          <Skeleton height={48} />
        </div>
      }
    >
      <Editor {...props} />
    </Suspense>
  );
}
