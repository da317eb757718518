/**
 * Builds the web client (when stale) once, before the browser suites start: they run two files at
 * a time, and two workers must not both find the build stale and run `vite build` into one folder.
 */
import { ensureClientBuilt } from "../../../scripts/clientBuild.mjs";

export default function buildClientOnce(): void {
  ensureClientBuilt();
}
