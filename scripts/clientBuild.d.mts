/** True when dist/client is missing or older than the client, shared code or lockfile. */
export function clientBuildIsStale(): boolean;
/** Runs `vite build` when the client build is stale; throws if the build fails. */
export function ensureClientBuilt(options?: { quiet?: boolean }): void;
