/**
 * `/a/:id/v/:vid`: one saved version, read-only. The version's JSON view is rebuilt into in-memory
 * documents (no providers, nothing syncs) and shown with the live matrix grid, scored the same way.
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import {
  buildAnalysisDocs,
  parseAnalysisJson,
  type AnalysisDocs as VersionDocs,
} from "../../../../shared/schema/analysisJson";
import { raterDisplayName } from "../../../../shared/schema/raterNames";
import { readRaterName, readRatings } from "../../../../shared/schema/ratingsDoc";
import type { AnalysisDocs } from "../../hooks/useAnalysisDoc";
import { savedColumns, useGridControls } from "../../hooks/useGridControls";
import { useMatrix } from "../../hooks/useMatrix";
import { useScores } from "../../hooks/useScores";
import type { TeamRatings } from "../../hooks/useTeamRatings";
import { getVersion, listRaters, queryKeys, type VersionItem } from "../../lib/api";
import type { Identity } from "../../lib/identity";
import { Link } from "../../routes/router";
import { AnalysisNav } from "../AnalysisNav";
import { MatrixGrid } from "../MatrixGrid";
import { ViewBar } from "../ViewBar";
import "./history.css";
import { SkeletonRows } from "../../ui/Skeleton";

export interface VersionPageProps {
  readonly analysisId: string;
  readonly versionId: string;
  readonly identity: Identity;
}

interface Loaded {
  readonly version: VersionItem;
  readonly docs: VersionDocs;
}

const NO_COUNTS: ReadonlyMap<string, number> = new Map();
const ignore = (): void => {};

/** The JSON view carries `scores` besides the analysis; the schema strips it, so parse the rest. */
function docsOf(analysis: unknown, actor: { userId: string; now: string }): VersionDocs {
  return buildAnalysisDocs(parseAnalysisJson(analysis), actor);
}

export function VersionPage({ analysisId, versionId, identity }: VersionPageProps) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    let built: VersionDocs | null = null;
    setLoaded(null);
    getVersion(analysisId, versionId).then(
      ({ version, analysis }) => {
        if (!live) return;
        try {
          built = docsOf(analysis, { userId: identity.userId, now: version.createdAt });
          setLoaded({ version, docs: built });
        } catch (e) {
          setError((e as Error).message);
        }
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
      if (built) {
        built.content.destroy();
        built.lead.destroy();
        for (const doc of built.ratings.values()) doc.destroy();
      }
    };
  }, [analysisId, versionId, identity.userId]);

  if (error) {
    return (
      <main className="page">
        <p role="alert">{error}</p>
        <Link href={`/a/${encodeURIComponent(analysisId)}/history`}>Back to the history</Link>
      </main>
    );
  }
  if (!loaded)
    return (
      <main className="page">
        <SkeletonRows rows={8} label="Opening the version…" />
      </main>
    );
  return <VersionView analysisId={analysisId} loaded={loaded} identity={identity} />;
}

function VersionView({
  analysisId,
  loaded,
  identity,
}: {
  readonly analysisId: string;
  readonly loaded: Loaded;
  readonly identity: Identity;
}) {
  const { version, docs } = loaded;
  const me = identity.userId;

  // The grid reads "my" ratings from one document; a version where I had none shows an empty one.
  const mine = useMemo(() => docs.ratings.get(me) ?? new Y.Doc(), [docs, me]);
  const awareness = useMemo(() => new Awareness(docs.content), [docs]);
  useEffect(() => () => awareness.destroy(), [awareness]);
  const matrixDocs = useMemo(
    (): AnalysisDocs => ({ content: docs.content, lead: docs.lead, ratings: mine, awareness }),
    [docs, mine, awareness],
  );

  // Raters are named by their accounts (the server's list), not by what their documents carry.
  const accounts = useQuery({
    queryKey: queryKeys.raters(analysisId),
    queryFn: () => listRaters(analysisId),
  });
  const known = accounts.data;
  const team = useMemo(
    (): TeamRatings => ({
      raters: [...docs.ratings]
        .map(([userId, doc]) => ({
          userId,
          name: raterDisplayName(userId, known?.get(userId), readRaterName(doc)),
        }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId)),
      docs: docs.ratings,
      // A version never changes: its ratings are read once.
      ratings: new Map([...docs.ratings].map(([userId, doc]) => [userId, readRatings(doc)])),
    }),
    [docs, known],
  );
  const data = useMatrix(matrixDocs, identity, true);
  const report = useScores(docs, team);

  const grid = useGridControls({
    me,
    raters: team.raters,
    hypotheses: data.hypotheses,
    evidence: data.evidence,
    report,
    initialMode: "consensus",
    // The same columns as the live matrix, so a version reads like the matrix it was.
    initialColumns: savedColumns,
    saveColumns: false,
  });

  const live = `/a/${encodeURIComponent(analysisId)}`;
  const date = version.createdAt.slice(0, 16).replace("T", " ");
  return (
    <main className="matrix-page version-page">
      <AnalysisNav analysisId={analysisId} title={data.title} current="version" />
      <p className="version-banner" role="status" data-testid="version-banner">
        Version '{version.name}' of {date} — read-only · <Link href={live}>Back to live</Link> ·{" "}
        <Link href={`${live}/history?compare=${encodeURIComponent(version.id)}`}>Compare with now</Link>
      </p>
      <header className="matrix-head">
        <div className="titles-text">
          <h1>
            <span className="truncate" title={data.title}>
              {data.title}
            </span>
          </h1>
          <p className="question">{data.question}</p>
        </div>
      </header>
      <div className="toolbar">
        <ViewBar {...grid.viewBar} />
      </div>
      <div className="matrix-body">
        <MatrixGrid
          data={data}
          evidence={grid.evidence}
          hypotheses={grid.hypotheses}
          columns={grid.columns}
          view={grid.view}
          me={me}
          raters={team.raters}
          teamRatings={team.ratings}
          report={report}
          others={[]}
          commentCounts={NO_COUNTS}
          draggable={false}
          readOnly
          detailId={null}
          emptyMessage="This version has no evidence."
          onSelect={ignore}
          onOpenDetail={ignore}
          onOpenHypothesis={ignore}
          onOpenCell={ignore}
        />
      </div>
    </main>
  );
}
