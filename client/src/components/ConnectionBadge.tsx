/**
 * The sync state, always visible so nobody mistakes a local-only edit for a shared one: offline (with
 * how many changes wait to be sent), syncing, or saved.
 */
import type { ConnectionStatus } from "../lib/connectionStatus";
import "./matrix/MatrixPage.css";

const LABELS: Readonly<Record<ConnectionStatus, string>> = {
  connected: "Saved",
  syncing: "Syncing…",
  offline: "Offline",
};

export function ConnectionBadge({
  status,
  pending = 0,
}: {
  readonly status: ConnectionStatus;
  readonly pending?: number;
}) {
  const waiting =
    pending > 0 ? `${pending} change${pending === 1 ? "" : "s"} not yet sent` : "changes are kept locally";
  return (
    <output
      className={`conn conn-${status}`}
      data-testid="connection-status"
      data-status={status}
      data-pending={pending}
      aria-live="polite"
      title={status === "offline" ? `Offline — ${waiting}; they are sent on reconnect` : undefined}
    >
      <span className="conn-dot" aria-hidden="true" />
      {LABELS[status]}
      {pending > 0 && status !== "connected" && (
        <span className="conn-pending" data-testid="pending-count">
          {" "}
          · {pending} pending
        </span>
      )}
      {status === "offline" && <span className="visually-hidden"> — {waiting}; sent on reconnect</span>}
    </output>
  );
}
