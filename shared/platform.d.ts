/**
 * The only platform APIs shared/ may use: web standards that both browsers and Node.js provide.
 * shared/tsconfig.json compiles shared/ against this file alone (no DOM, no Node types), so a use
 * of anything else fails `npm run typecheck`. The root tsconfig excludes this file (DOM and Node
 * declare the same names there).
 */
declare const URL: {
  canParse(url: string, base?: string): boolean;
};

declare const crypto: {
  getRandomValues<T extends Uint8Array>(array: T): T;
};
