/** The analyses list as a table: one row per analysis with the facts an analyst scans for. */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Role } from "../../../../shared/accounts";
import { archiveAnalysis, type ListedAnalysis, queryKeys, restoreAnalysis } from "../../lib/api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { Link } from "../../routes/router";
import { AvatarStack } from "../../ui/Avatar";
import { Button } from "../../ui/Button";
import { Dialog } from "../../ui/Dialog";
import { IconButton } from "../../ui/IconButton";
import { Tag, type TagTone } from "../../ui/Tag";
import { useToast } from "../../ui/Toast";
import { Icon } from "../Icon";
import { cellsOf, progressOf } from "./analysesView";
import "./analyses.css";

const ROLE_LABEL: Readonly<Record<Role, string>> = { lead: "Lead", analyst: "Analyst", viewer: "Viewer" };

const APPROVAL: Readonly<Record<ListedAnalysis["approval"], { label: string; tone: TagTone; hint: string }>> =
  {
    approved: { label: "Approved", tone: "ok", hint: "The lead approved the current state." },
    changed: {
      label: "Changed since approval",
      tone: "warn",
      hint: "Approved earlier; edited since. The lead can review and approve again.",
    },
    draft: { label: "Draft", tone: "neutral", hint: "Not approved yet." },
  };

function Progress({ a }: { readonly a: ListedAnalysis }) {
  if (a.role === "viewer") return <span className="muted">Viewer</span>;
  const cells = cellsOf(a);
  if (cells === 0) return <span className="muted">No cells yet</span>;
  const pct = Math.round(progressOf(a) * 100);
  return (
    <span className="progress" title={`You rated ${a.myRated} of ${cells} cells`}>
      <span className="progress-track" aria-hidden="true">
        <span className={`progress-fill${pct === 100 ? " is-done" : ""}`} style={{ width: `${pct}%` }} />
      </span>
      <span className="progress-text">{pct === 100 ? "Done" : `${a.myRated} / ${cells}`}</span>
    </span>
  );
}

function RowActions({ a }: { readonly a: ListedAnalysis }) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const run = (op: () => Promise<unknown>, done: string): void => {
    op()
      .then(() => {
        toast.success(done);
        void queryClient.invalidateQueries({ queryKey: queryKeys.analyses });
      })
      .catch((err: unknown) => toast.error(err instanceof Error ? err.message : "The change failed."));
  };
  return (
    <>
      {a.archived ? (
        <Button size="sm" onClick={() => run(() => restoreAnalysis(a.id), `Restored "${a.title}".`)}>
          Restore
        </Button>
      ) : (
        <IconButton label={`Archive "${a.title}"`} onClick={() => setConfirming(true)}>
          <Icon name="archive" />
        </IconButton>
      )}
      <Dialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`Archive "${a.title}"?`}
        description="It leaves everyone's list. Nothing is deleted: show archived analyses to restore it."
      >
        <div className="form-actions">
          <Button
            variant="danger"
            onClick={() => {
              setConfirming(false);
              run(() => archiveAnalysis(a.id), `Archived "${a.title}".`);
            }}
          >
            Archive
          </Button>
          <Button onClick={() => setConfirming(false)}>Cancel</Button>
        </div>
      </Dialog>
    </>
  );
}

export function AnalysesTable({ items }: { readonly items: readonly ListedAnalysis[] }) {
  const now = Date.now();
  return (
    <div className="analyses-table-wrap">
      <table className="analyses-table" data-testid="analyses">
        <thead>
          <tr>
            <th scope="col" className="col-title">
              Analysis
            </th>
            <th scope="col">Your role</th>
            <th scope="col" className="col-num">
              <abbr title="Hypotheses × evidence">H × E</abbr>
            </th>
            <th scope="col">Your ratings</th>
            <th scope="col">Status</th>
            <th scope="col">Team</th>
            <th scope="col">Last edited</th>
            <th scope="col" className="col-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((a) => {
            const approval = APPROVAL[a.approval];
            const edited = a.lastEditedAt ?? a.updatedAt;
            return (
              <tr
                key={a.id}
                className={a.archived ? "is-archived" : undefined}
                data-testid={`analysis-${a.id}`}
              >
                <td className="col-title">
                  <Link href={`/a/${encodeURIComponent(a.id)}`} className="analysis-title" title={a.title}>
                    {a.title}
                  </Link>
                  {a.createdBy === "system" && <Tag tone="accent">Sample</Tag>}
                  {a.archived && <Tag>Archived</Tag>}
                  <nav className="analysis-links" aria-label={`Pages of "${a.title}"`}>
                    <Link href={`/a/${encodeURIComponent(a.id)}`}>Matrix</Link>
                    <Link href={`/a/${encodeURIComponent(a.id)}/lead`} data-testid={`lead-link-${a.id}`}>
                      Lead review
                    </Link>
                    <Link href={`/a/${encodeURIComponent(a.id)}/history`}>History</Link>
                  </nav>
                </td>
                <td>
                  <Tag tone={a.role === "lead" ? "accent" : "neutral"}>{ROLE_LABEL[a.role]}</Tag>
                </td>
                <td className="col-num" title={`${a.hypotheses} hypotheses × ${a.evidence} evidence`}>
                  {a.hypotheses} × {a.evidence}
                </td>
                <td>
                  <Progress a={a} />
                </td>
                <td>
                  <Tag tone={approval.tone} title={approval.hint}>
                    {approval.label}
                  </Tag>
                </td>
                <td>
                  <AvatarStack
                    people={a.team}
                    label={`Team: ${a.team.map((m) => `${m.name} (${ROLE_LABEL[m.role]})`).join(", ")}`}
                  />
                </td>
                <td className="col-edited" title={formatDateTime(edited)}>
                  {a.lastEditedBy && <span className="edited-by">{a.lastEditedBy}</span>}
                  <span className="muted">{formatRelative(edited, now)}</span>
                </td>
                <td className="col-actions">{a.role === "lead" && <RowActions a={a} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
