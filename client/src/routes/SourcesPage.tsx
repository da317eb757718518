/**
 * `/a/:id/sources`: the analysis's source library, and `/a/:id/sources/:sourceId` one source with
 * its captured text (`?cite=<evidenceId>:<citationId>` opens it at a cited passage). Analysts and
 * leads add and edit; viewers read. Everything is co-edited live through the content document and
 * each source's own text document.
 */
import { useCallback } from "react";
import { metaMap, readMeta } from "../../../shared/schema/contentDoc";
import { AnalysisNav } from "../components/AnalysisNav";
import { ConnectionBadge } from "../components/ConnectionBadge";
import { FatalNotice } from "../components/FatalNotice";
import { SourceDetail } from "../components/sources/SourceDetail";
import { SourceList } from "../components/sources/SourceList";
import { sourceHref, sourcesHref } from "../components/sources/sourceLinks";
import type { AnalysisDocs } from "../hooks/useAnalysisDoc";
import { useAnalysisPage } from "../hooks/useAnalysisPage";
import { useSourceLibrary } from "../hooks/useSourceLibrary";
import { useYValue } from "../hooks/useYValue";
import type { ConnectionStatus } from "../lib/connectionStatus";
import type { Identity } from "../lib/identity";
import { EmptyState } from "../ui/EmptyState";
import { PageHeader } from "../ui/PageHeader";
import { SkeletonRows } from "../ui/Skeleton";
import { Link, navigate, useSearchParam } from "./router";
import "../components/sources/sources.css";

export interface SourcesPageProps {
  readonly analysisId: string;
  /** null: the list. */
  readonly sourceId: string | null;
  readonly identity: Identity;
}

function SourcesWorkspace(props: {
  readonly analysisId: string;
  readonly sourceId: string | null;
  readonly docs: AnalysisDocs;
  readonly identity: Identity;
  readonly status: ConnectionStatus;
  readonly pending: number;
  readonly readOnly: boolean;
  readonly isLead: boolean;
}) {
  const { analysisId, sourceId, docs, readOnly } = props;
  const library = useSourceLibrary(docs.content, props.identity);
  const focusKey = useSearchParam("cite");
  const title = useYValue(
    metaMap(docs.content),
    useCallback(() => readMeta(docs.content).title, [docs.content]),
  );
  const source = sourceId === null ? null : (library.sources.find((s) => s.id === sourceId) ?? null);
  return (
    <>
      <AnalysisNav analysisId={analysisId} title={title} current="sources" />
      <main className="page sources-page" data-testid="sources-page">
        {sourceId === null ? (
          <>
            <PageHeader
              title="Sources"
              subtitle="The articles, posts, videos and statements the evidence rests on, and the passages it cites."
              actions={<ConnectionBadge status={props.status} pending={props.pending} />}
            />
            {readOnly && (
              <p className="notice" role="status" data-testid="read-only">
                You can read the sources but not change them.
              </p>
            )}
            <SourceList
              analysisId={analysisId}
              library={library}
              readOnly={readOnly}
              onCreated={(id) => navigate(sourceHref(analysisId, id))}
            />
          </>
        ) : source ? (
          <SourceDetail
            key={source.id}
            analysisId={analysisId}
            docs={docs}
            library={library}
            source={source}
            readOnly={readOnly}
            focusKey={focusKey}
            viewer={{ userId: props.identity.userId, isLead: props.isLead }}
            status={<ConnectionBadge status={props.status} pending={props.pending} />}
          />
        ) : (
          <EmptyState title="Source not found" testId="source-missing">
            It may still be arriving, or it is not part of this analysis.{" "}
            <Link href={sourcesHref(analysisId)}>All sources</Link>
          </EmptyState>
        )}
      </main>
    </>
  );
}

export function SourcesPage({ analysisId, sourceId, identity }: SourcesPageProps) {
  const { docs, status, fatal, pendingChanges, readOnly, members } = useAnalysisPage(analysisId, identity);
  if (fatal) return <FatalNotice message={fatal.message} />;
  if (!docs)
    return (
      <main className="page">
        <SkeletonRows rows={8} label="Opening the sources…" />
      </main>
    );
  return (
    <SourcesWorkspace
      analysisId={analysisId}
      sourceId={sourceId}
      docs={docs}
      identity={identity}
      status={status}
      pending={pendingChanges}
      readOnly={readOnly}
      isLead={members.state?.role === "lead"}
    />
  );
}
