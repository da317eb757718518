/** WebSocket close codes the sync server uses; clients branch on them (e.g. stop reconnecting on 4403). */
export const CloseCode = {
  Normal: 1000,
  GoingAway: 1001,
  ProtocolError: 1002,
  UnsupportedData: 1003,
  /** The client kept breaking a limit (e.g. presence too large or too frequent). */
  PolicyViolation: 1008,
  MessageTooBig: 1009,
  InternalError: 1011,
  TryAgainLater: 1013,
  Unauthorized: 4401,
  Forbidden: 4403,
  NotFound: 4404,
  StoreFailed: 4500,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which reconnecting cannot help. */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.Unauthorized,
  CloseCode.Forbidden,
  CloseCode.NotFound,
  CloseCode.MessageTooBig,
]);
