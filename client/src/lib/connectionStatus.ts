/** Folding the state of several document connections into the one status the user sees. */
import { CloseCode } from "../../../shared/closeCodes";

export type ConnectionStatus = "connected" | "syncing" | "offline";

export interface LinkState {
  readonly connected: boolean;
  readonly synced: boolean;
}

/** Offline if any document is disconnected, syncing while any is catching up, else connected. */
export function overallStatus(links: readonly LinkState[]): ConnectionStatus {
  if (links.some((l) => !l.connected)) return "offline";
  if (links.some((l) => !l.synced)) return "syncing";
  return "connected";
}

/** What to tell the user when the server closed a document for good. */
export function fatalCloseMessage(code: number): string {
  switch (code) {
    case CloseCode.Unauthorized:
      return "You are not signed in.";
    case CloseCode.Forbidden:
      return "You do not have access to this analysis.";
    case CloseCode.NotFound:
      return "This analysis does not exist.";
    case CloseCode.MessageTooBig:
      return "A change was too large for the server to accept.";
    default:
      return `The server closed the connection (code ${code}).`;
  }
}
