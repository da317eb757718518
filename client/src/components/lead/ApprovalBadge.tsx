/** The approval state in a page header: approved (who, when) or changed since approval (how much). */

import type { ApprovalStatus } from "../../lib/api";
import { formatDateTime } from "../../lib/format";

export function ApprovalBadge({ status }: { readonly status: ApprovalStatus | null }) {
  if (!status?.approval) return null;
  const { approval, changesSince } = status;
  const who = `${approval.byName} on ${formatDateTime(approval.at)}`;
  if (changesSince === null || changesSince === 0) {
    return (
      <span
        className="approval-badge is-approved"
        data-testid="approval-badge"
        title={approval.note || undefined}
      >
        Approved by {who}
      </span>
    );
  }
  return (
    <span className="approval-badge is-changed" data-testid="approval-badge" title={`Approved by ${who}`}>
      Changed since approval ({changesSince} {changesSince === 1 ? "change" : "changes"})
    </span>
  );
}
