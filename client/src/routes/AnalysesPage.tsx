/** The analyses list: find, sort and open an analysis, create or import one; leads archive and restore. */
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { AnalysesTable } from "../components/analyses/AnalysesTable";
import { SORTS, type SortKey, viewOf, waitsForMe } from "../components/analyses/analysesView";
import { NewAnalysisDialog } from "../components/analyses/NewAnalysisDialog";
import { ImportDialog } from "../components/ImportDialog";
import { listAnalyses, queryKeys } from "../lib/api";
import { Button } from "../ui/Button";
import { Checkbox } from "../ui/Checkbox";
import { EmptyState } from "../ui/EmptyState";
import { Input, Select } from "../ui/Input";
import { PageHeader } from "../ui/PageHeader";
import { SkeletonRows } from "../ui/Skeleton";
import { usePageTitle } from "../ui/usePageTitle";
import { navigate } from "./router";

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function AnalysesPage() {
  usePageTitle("Analyses");
  const id = useId();
  const list = useQuery({ queryKey: queryKeys.analyses, queryFn: listAnalyses });
  const [showArchived, setShowArchived] = useState(false);
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<SortKey>("edited");
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);

  const all = list.data ?? [];
  const active = all.filter((a) => !a.archived);
  const items = viewOf(all, { query, sort, showArchived });
  const archivedCount = all.length - active.length;
  const waiting = active.filter(waitsForMe).length;

  return (
    <main className="page analyses-page">
      <PageHeader
        title="Analyses"
        subtitle={
          list.isSuccess && active.length > 0
            ? `${plural(active.length, "analysis", "analyses")}${waiting > 0 ? ` · ${waiting} waiting for your ratings` : ""}`
            : "Weigh competing hypotheses against the evidence, together."
        }
        actions={
          <>
            <Button onClick={() => setImporting(true)}>Import…</Button>
            <Button variant="primary" onClick={() => setCreating(true)}>
              New analysis
            </Button>
          </>
        }
      />
      <NewAnalysisDialog open={creating} onOpenChange={setCreating} />
      {importing && (
        <ImportDialog
          onImported={(id) => navigate(`/a/${encodeURIComponent(id)}`)}
          onClose={() => setImporting(false)}
        />
      )}
      {list.isPending && (
        <div className="analyses-table-wrap">
          <SkeletonRows rows={5} label="Loading analyses…" />
        </div>
      )}
      {list.isError && (
        <EmptyState
          title="The analyses could not be loaded"
          action={<Button onClick={() => void list.refetch()}>Try again</Button>}
        >
          <p>{list.error?.message ?? "Could not load analyses."}</p>
        </EmptyState>
      )}
      {list.isSuccess && all.length === 0 && (
        <EmptyState
          title="Welcome to ACH Workspace"
          icon={<span className="empty-glyph">H×E</span>}
          action={
            <div className="form-actions">
              <Button variant="primary" onClick={() => setCreating(true)}>
                New analysis
              </Button>
              <Button onClick={() => setImporting(true)}>Import…</Button>
            </div>
          }
        >
          <p>
            An analysis sets competing hypotheses against the evidence. Your team rates each piece of evidence
            against each hypothesis; the matrix shows which explanation survives. Start one, or import a JSON
            export or a PARC ACH file.
          </p>
        </EmptyState>
      )}
      {list.isSuccess && all.length > 0 && (
        <>
          <search className="analyses-toolbar">
            <div className="toolbar-field analyses-search">
              <label htmlFor={`${id}-find`}>Find</label>
              <Input
                id={`${id}-find`}
                type="search"
                value={query}
                placeholder="Analysis or team member"
                onChange={(e) => setQuery(e.target.value)}
              />
            </div>
            <div className="toolbar-field">
              <label htmlFor={`${id}-sort`}>Sort by</label>
              <Select
                id={`${id}-sort`}
                className="control-inline"
                value={sort}
                onChange={(e) => setSort(e.target.value as SortKey)}
              >
                {Object.entries(SORTS).map(([key, label]) => (
                  <option key={key} value={key}>
                    {label}
                  </option>
                ))}
              </Select>
            </div>
            <Checkbox checked={showArchived} onCheckedChange={setShowArchived}>
              Show archived ({archivedCount})
            </Checkbox>
          </search>
          {items.length > 0 ? (
            <AnalysesTable items={items} />
          ) : (
            <EmptyState
              title="Nothing matches"
              compact
              action={<Button onClick={() => setQuery("")}>Clear the search</Button>}
            >
              <p>No analysis title or team member contains “{query}”.</p>
            </EmptyState>
          )}
        </>
      )}
    </main>
  );
}
