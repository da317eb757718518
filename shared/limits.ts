/**
 * Limits shared by client and server so both agree on what is accepted.
 * The server reads overrides from the environment; these are the defaults.
 */
export const Limits = {
  /** Largest WebSocket frame accepted (close 1009 beyond). Leaves room for a full first sync. */
  maxMessageBytes: 16 * 1024 * 1024,
  /** Largest JSON request body (imports included). */
  maxJsonBodyBytes: 20 * 1024 * 1024,
  titleMaxLength: 300,
  questionMaxLength: 2_000,
  claimMaxLength: 10_000,
  sourceMaxLength: 1_000,
  urlMaxLength: 2_048,
  displayNameMaxLength: 80,
  maxHypotheses: 100,
  maxEvidence: 5_000,
  /**
   * Unsent bytes a sync connection may hold before more is sent to it; past this the client is
   * not reading and is closed with 1013 (it resyncs on reconnect). Twice the largest frame, so a
   * slow link still receives a full first sync and the edits that follow it.
   */
  maxSendBufferBytes: 32 * 1024 * 1024,
  /** Largest presence (awareness) state of one client, bytes of JSON: a name, a colour, carets. */
  awarenessStateMaxBytes: 8 * 1024,
  /** Presence client ids one sync connection may hold (one per Y.Doc; room for a changed id). */
  awarenessClientsPerConnection: 4,
  /** Presence updates one connection may send: sustained per second, and a burst (token bucket). */
  awarenessUpdatesPerSecond: 30,
  awarenessUpdateBurst: 60,
  /** Refused presence updates a connection may send in a burst (refilling 1 per second) before it is closed. */
  awarenessRefusalBurst: 20,
} as const;
