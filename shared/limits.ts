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
} as const;
