/**
 * Export menu for the matrix and lead pages: PDF (paper, view, archived rows), CSV and JSON.
 * The PDF is streamed by the server without a known length, so progress shows bytes received.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { isErrorBody } from "../../../shared/errors";
import { getAnalysisView, queryKeys } from "../lib/api";
import { Button } from "../ui/Button";
import { Popover } from "../ui/Popover";
import "./exportImport.css";

export interface ExportMenuProps {
  readonly analysisId: string;
}

type Format = "pdf" | "csv" | "json";

interface Analyst {
  readonly id: string;
  readonly name: string;
}

const NO_ANALYSTS: readonly Analyst[] = [];

/** The raters of a JSON view, as the server names them (shared/schema/raterNames.ts). */
function analystsOf(json: unknown): readonly Analyst[] {
  if (typeof json !== "object" || json === null || !("ratings" in json)) return NO_ANALYSTS;
  const ratings = (json as { ratings: Record<string, { name?: string }> }).ratings;
  return Object.entries(ratings).map(([id, r]) => ({ id, name: r.name?.trim() || id }));
}

function fileNameOf(res: Response, fallback: string): string {
  const header = res.headers.get("content-disposition") ?? "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the ASCII name
    }
  }
  return /filename="([^"]+)"/i.exec(header)?.[1] ?? fallback;
}

async function errorMessage(res: Response): Promise<string> {
  try {
    const body: unknown = await res.json();
    if (isErrorBody(body)) return body.error.message;
  } catch {
    // not JSON
  }
  return `The server answered ${res.status}.`;
}

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const formatBytes = (n: number): string =>
  n < 1048576 ? `${Math.round(n / 1024)} KB` : `${(n / 1048576).toFixed(1)} MB`;

export function ExportMenu({ analysisId }: ExportMenuProps) {
  const [open, setOpen] = useState(false);
  const [paper, setPaper] = useState<"a4" | "letter">("a4");
  const [view, setView] = useState("consensus");
  const [archived, setArchived] = useState(false);
  const [busy, setBusy] = useState<Format | null>(null);
  const [received, setReceived] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const abortRef = useRef<AbortController | null>(null);

  // Whose ratings can be exported, from the JSON view (asked when the menu opens).
  const analysisView = useQuery({
    queryKey: queryKeys.analysis(analysisId),
    queryFn: () => getAnalysisView(analysisId),
    enabled: open,
    select: analystsOf,
  });
  const analysts = analysisView.data ?? NO_ANALYSTS;

  useEffect(() => () => abortRef.current?.abort(), []);

  const download = async (format: Format): Promise<void> => {
    setBusy(format);
    setError(null);
    setReceived(0);
    const params = new URLSearchParams({ view, archived: archived ? "1" : "0", paper });
    const query = format === "json" ? "" : `?${params.toString()}`;
    const controller = new AbortController();
    abortRef.current = controller;
    try {
      const res = await fetch(`/api/analyses/${encodeURIComponent(analysisId)}/export.${format}${query}`, {
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (!res.ok) throw new Error(await errorMessage(res));
      const chunks: Uint8Array[] = [];
      const reader = res.body?.getReader();
      if (reader) {
        let total = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
          total += value.length;
          setReceived(total);
        }
      }
      const type = res.headers.get("content-type") ?? "application/octet-stream";
      const blob = reader ? new Blob(chunks as BlobPart[], { type }) : await res.blob();
      save(blob, fileNameOf(res, `analysis.${format}`));
    } catch (e) {
      if (!controller.signal.aborted) setError(e instanceof Error ? e.message : "The export failed.");
    } finally {
      setBusy(null);
      abortRef.current = null;
    }
  };

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      label="Export options"
      align="end"
      trigger={<Button className="export-trigger">Export</Button>}
    >
      <section className="export-panel" aria-label="Export options">
        <fieldset className="export-options" disabled={busy !== null}>
          <div className="export-field">
            <label htmlFor={`${id}-view`}>View</label>
            <select id={`${id}-view`} value={view} onChange={(e) => setView(e.target.value)}>
              <option value="consensus">Consensus</option>
              {analysts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} only
                </option>
              ))}
            </select>
          </div>
          <div className="export-field">
            <label htmlFor={`${id}-paper`}>Paper</label>
            <select
              id={`${id}-paper`}
              value={paper}
              onChange={(e) => setPaper(e.target.value === "letter" ? "letter" : "a4")}
            >
              <option value="a4">A4</option>
              <option value="letter">US Letter</option>
            </select>
          </div>
          <label className="export-check">
            <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} />
            Include archived rows
          </label>
        </fieldset>
        <div className="export-actions">
          <Button variant="primary" disabled={busy !== null} onClick={() => void download("pdf")}>
            Download PDF
          </Button>
          <Button disabled={busy !== null} onClick={() => void download("csv")}>
            CSV
          </Button>
          <Button disabled={busy !== null} onClick={() => void download("json")}>
            JSON
          </Button>
        </div>
        {busy && (
          <div className="export-progress" role="status" aria-live="polite">
            <progress aria-label={`Preparing ${busy.toUpperCase()}`} />
            <span>
              {received === 0 ? `Preparing ${busy.toUpperCase()}…` : `${formatBytes(received)} received…`}
            </span>
            <Button size="sm" variant="ghost" onClick={() => abortRef.current?.abort()}>
              Cancel
            </Button>
          </div>
        )}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </section>
    </Popover>
  );
}
