/** The live connection state, always visible so nobody mistakes a local-only edit for a shared one. */
import type { ConnectionStatus } from "../lib/connectionStatus";

const LABELS: Readonly<Record<ConnectionStatus, string>> = {
  connected: "Connected",
  syncing: "Syncing…",
  offline: "Offline — changes are kept and sent on reconnect",
};

export function ConnectionBadge({ status }: { readonly status: ConnectionStatus }) {
  return (
    <output
      className={`conn conn-${status}`}
      data-testid="connection-status"
      data-status={status}
      aria-live="polite"
    >
      <span className="conn-dot" aria-hidden="true" />
      {status === "offline" ? "Offline" : LABELS[status]}
      <span className="visually-hidden">{status === "offline" ? ` ${LABELS.offline}` : ""}</span>
    </output>
  );
}
