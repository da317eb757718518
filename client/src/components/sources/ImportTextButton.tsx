/**
 * "Import text from file…": the server extracts the text of a PDF or HTML file and its paragraphs
 * are added below the captured text (added, not replacing: passages already cited keep their place).
 */
import { useRef, useState } from "react";
import type * as Y from "yjs";
import { appendRichDoc } from "../../../../shared/schema/richText";
import { ApiError, extractText } from "../../lib/api";
import { Button } from "../../ui/Button";
import { useToast } from "../../ui/Toast";

export function ImportTextButton(props: { readonly analysisId: string; readonly fragment: Y.XmlFragment }) {
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const toast = useToast();
  const load = async (file: File): Promise<void> => {
    setBusy(true);
    try {
      const paragraphs = await extractText(props.analysisId, file);
      const blocks = paragraphs.map((text) => ({
        type: "paragraph",
        ...(text ? { content: [{ type: "text", text }] } : {}),
      }));
      props.fragment.doc?.transact(() => appendRichDoc(props.fragment, { type: "doc", content: blocks }));
      toast.success(
        `${paragraphs.length} paragraph${paragraphs.length === 1 ? "" : "s"} imported from ${file.name}.`,
      );
    } catch (e) {
      toast.error(e instanceof ApiError ? e.message : "The text could not be imported.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".pdf,.html,.htm,application/pdf,text/html"
        hidden
        data-testid="import-text-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) void load(file);
        }}
      />
      <Button size="sm" disabled={busy} onClick={() => input.current?.click()}>
        {busy ? "Importing…" : "Import text from file…"}
      </Button>
    </>
  );
}
