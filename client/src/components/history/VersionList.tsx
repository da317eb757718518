/** The versions of an analysis, newest first: name, kind, when, who saved it, and view / compare actions. */

import type { VersionItem } from "../../lib/api";
import { formatRelative } from "../../lib/format";
import { Link } from "../../routes/router";
import { Button, buttonClass } from "../../ui/Button";
import { EmptyState } from "../../ui/EmptyState";
import { Tag, type TagTone } from "../../ui/Tag";

const KIND: Readonly<Record<string, { label: string; tone: TagTone }>> = {
  approval: { label: "Approval", tone: "ok" },
  named: { label: "Saved", tone: "accent" },
  auto: { label: "Automatic", tone: "neutral" },
};

export function VersionList({
  analysisId,
  versions,
  canSave,
  selectedId,
  onCompare,
}: {
  readonly analysisId: string;
  readonly versions: readonly VersionItem[];
  /** Whether I may save versions (viewers may not): the empty state says what to do accordingly. */
  readonly canSave: boolean;
  readonly selectedId: string | null;
  readonly onCompare: (v: VersionItem) => void;
}) {
  if (versions.length === 0) {
    return (
      <EmptyState title="No versions yet" compact testId="versions-empty">
        <p>
          {canSave
            ? "Save a version before a big change or a team meeting, to compare with it or go back to it later."
            : "Versions the team saves will be listed here."}{" "}
          Approvals and quiet periods after edits save one too.
        </p>
      </EmptyState>
    );
  }
  const now = Date.now();
  return (
    <ul className="version-list">
      {versions.map((v) => {
        const kind = KIND[v.kind] ?? { label: v.kind, tone: "neutral" as const };
        return (
          <li key={v.id} data-testid="version" className={v.id === selectedId ? "is-selected" : undefined}>
            <div className="version-main">
              <span className="version-name">{v.name}</span>
              <span className="version-meta">
                <Tag tone={kind.tone}>{kind.label}</Tag>
                <time dateTime={v.createdAt} title={v.createdAt.slice(0, 16).replace("T", " ")}>
                  {formatRelative(v.createdAt, now)}
                </time>
                {/* The name is free text: who saved it is what says whose approval it is not. */}
                {v.createdByName ? <span data-testid="version-by">saved by {v.createdByName}</span> : null}
              </span>
            </div>
            <div className="version-actions">
              <Link
                href={`/a/${encodeURIComponent(analysisId)}/v/${encodeURIComponent(v.id)}`}
                className={buttonClass("secondary", "sm")}
              >
                View this version
              </Link>
              <Button size="sm" onClick={() => onCompare(v)}>
                Compare with now
              </Button>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
