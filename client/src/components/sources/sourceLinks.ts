/** Addresses of the Sources page: the list, one source, and one source opened at a cited passage. */

const base = (analysisId: string): string => `/a/${encodeURIComponent(analysisId)}/sources`;

export const sourcesHref = (analysisId: string): string => base(analysisId);

/** `citation` (`<evidenceId>:<citationId>`) opens the source scrolled to that passage. */
export function sourceHref(analysisId: string, sourceId: string, citation?: string): string {
  const path = `${base(analysisId)}/${encodeURIComponent(sourceId)}`;
  return citation ? `${path}?cite=${encodeURIComponent(citation)}` : path;
}

/** The key a passage is highlighted under, and that `?cite=` names. */
export const citationKey = (evidenceId: string, citationId: string): string => `${evidenceId}:${citationId}`;
