/**
 * Shown while the server refuses a change this browser's copy of the analysis holds (see
 * `classifyRefusal`): those documents stopped syncing so the change is not resent forever, and the
 * user's work stays in this browser. The copy can be saved as an analysis JSON file and imported as a
 * new analysis (the refused field may then need shortening).
 */
import type * as Y from "yjs";
import { parseDocumentName } from "../../../shared/documentNames";
import { readAnalysisJson } from "../../../shared/schema/analysisJson";
import type { AnalysisDocs, HeldBack } from "../hooks/useAnalysisDoc";
import { Button } from "../ui/Button";

interface HeldBackNoticeProps {
  readonly analysisId: string;
  readonly heldBack: HeldBack;
  readonly docs: AnalysisDocs;
  readonly userId: string;
}

function saveCopy({ analysisId, docs, userId }: Omit<HeldBackNoticeProps, "heldBack">): void {
  const json = readAnalysisJson(analysisId, {
    content: docs.content,
    lead: docs.lead,
    ratings: new Map([[userId, docs.ratings]]),
    sources: new Map<string, Y.Doc>(),
  });
  const blob = new Blob([JSON.stringify(json, null, 2)], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `${analysisId}-kept-in-this-browser.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const PARTS: Readonly<Record<string, string>> = {
  content: "hypotheses and evidence",
  lead: "the lead's settings",
  ratings: "your ratings",
  source: "a source's text",
};

export function HeldBackNotice({ analysisId, heldBack, docs, userId }: HeldBackNoticeProps) {
  const parts = [...new Set(heldBack.names.map((name) => PARTS[parseDocumentName(name).kind] ?? name))];
  return (
    <div role="alert" className="card fatal" data-testid="held-back">
      <p>
        The server refused a change kept in this browser ({heldBack.reason}). Changes to {parts.join(", ")}{" "}
        are no longer sent, so nothing more is lost; they stay in this browser. Save them as a file and import
        it as a new analysis to keep them.
      </p>
      <Button onClick={() => saveCopy({ analysisId, docs, userId })} data-testid="held-back-save">
        Save my copy as JSON
      </Button>
    </div>
  );
}
