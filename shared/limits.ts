/**
 * Limits shared by client and server so both agree on what is accepted. One validator
 * (`shared/validation/`) enforces them on every write path: REST, import and sync.
 * The server reads overrides of the transport limits from the environment; these are the defaults.
 */
export const Limits = {
  /** Largest WebSocket frame accepted (close 1009 beyond). Leaves room for a full first sync. */
  maxMessageBytes: 16 * 1024 * 1024,
  /** Largest JSON request body (imports included). */
  maxJsonBodyBytes: 20 * 1024 * 1024,
  /** Deepest nesting of arrays/objects in a JSON body: checked on the raw text, before parsing recurses. */
  jsonMaxDepth: 160,
  titleMaxLength: 300,
  questionMaxLength: 2_000,
  claimMaxLength: 10_000,
  sourceMaxLength: 1_000,
  urlMaxLength: 2_048,
  displayNameMaxLength: 80,
  /** Ids, times, order keys and other short bookkeeping strings. */
  shortTextMaxLength: 200,
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
  maxMilestones: 1_000,
  maxComments: 10_000,
  commentMaxLength: 5_000,
  /** Deepest nesting of elements in one rich-text field (Tiptap nests 3 levels per list level). */
  richTextMaxDepth: 64,
  /** Size of one rich-text field: characters of text and attribute values plus one per element. */
  richTextMaxLength: 100_000,
  /** Ratings in one analyst's ratings document; consensus overrides in the lead document. */
  maxRatingsPerAnalyst: 100_000,
  overrideReasonMaxLength: 2_000,
  approvalNoteMaxLength: 2_000,
  maxApprovals: 1_000,
  maxMerges: 10_000,
  /** Sources in one analysis (archived ones count: they are stored). */
  maxSources: 2_000,
  /** Captured text of one source (its own document): characters of text plus one per element. */
  sourceTextMaxLength: 1_000_000,
  /** Citations on one evidence row. */
  maxCitationsPerEvidence: 50,
  /** Longest quoted passage a citation keeps (its `exact`). */
  quoteMaxLength: 5_000,
  /** Characters of context kept on each side of a quote (TextQuoteSelector prefix and suffix). */
  quoteContextLength: 32,
  /** An encoded Yjs relative position (base64): a type id or name plus an item id, always small. */
  relativePositionMaxLength: 512,
  /** Keys of one map that no rule names (forward compatibility), and how big each value may be. */
  maxKeysPerMap: 64,
  unknownValueMaxLength: 1_000,
} as const;
