/**
 * Every rater's ratings document of an analysis, opened read-only (this hook never writes to them):
 * the lead's review and the consensus views score from these. Raters come from the server's JSON
 * view (who has rated) and from presence (who is here now), so someone who starts rating while the
 * lead watches joins without a reload.
 *
 * While ratings are blind to me (`othersHidden`), only my own document is open: the others are
 * destroyed (provider and Y.Doc) and any offline copy of them deleted, so nothing of them stays in
 * memory or on disk; when the lead reveals, they are opened again. The server closes and refuses
 * those documents while blind; a refused one is not retried (no reconnect loop).
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { clearDocument } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { FATAL_CLOSE_CODES } from "../../../shared/closeCodes";
import { ratingsDocName } from "../../../shared/documentNames";
import { ratingsMap, readRaterName } from "../../../shared/schema/ratingsDoc";
import { listRaters, queryKeys } from "../lib/api";
import type { Identity } from "../lib/identity";
import { syncBase, syncParams } from "./useAnalysisDoc";

export interface TeamRater {
  readonly userId: string;
  readonly name: string;
}

export interface TeamRatings {
  /** Everyone with at least one rating, sorted by name then id; the current user included. */
  readonly raters: readonly TeamRater[];
  /** userId → that rater's ratings document (live, read-only); a new Map whenever a rater appears. */
  readonly docs: ReadonlyMap<string, Y.Doc>;
}

interface Link {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
}

const NO_RATERS: ReadonlyMap<string, string> = new Map();

/**
 * Opens one read-only ratings document per rater; `presentIds` (from presence) adds raters live.
 * `othersHidden`: true while blind rating hides the others' ratings from me; null while not yet
 * known (the lead document has not synced), when only mine is opened too.
 */
export function useTeamRatings(
  analysisId: string,
  identity: Identity,
  presentIds: readonly string[] = [],
  othersHidden: boolean | null = false,
): TeamRatings {
  const onlyMine = othersHidden !== false;
  const params = useRef(syncParams(identity));
  params.current = syncParams(identity);
  const [linked, setLinked] = useState<ReadonlyMap<string, Y.Doc>>(new Map());
  const [namesVersion, setNamesVersion] = useState(0);
  const [rating, setRating] = useState<ReadonlySet<string>>(new Set());
  const links = useRef(new Map<string, Link>());

  // Someone present whom the list does not know may just have started rating: ask the server again.
  // Without the list we still learn raters from presence; nothing to tell the user.
  const presentKey = [...new Set(presentIds)].sort().join(",");
  const listed = useQuery({
    queryKey: [...queryKeys.raters(analysisId), presentKey, onlyMine],
    queryFn: () => listRaters(analysisId),
    placeholderData: keepPreviousData,
  });
  const known = listed.data ?? NO_RATERS;

  const wanted = useMemo(
    () =>
      onlyMine
        ? [identity.userId]
        : [
            ...new Set([
              identity.userId,
              ...known.keys(),
              ...(presentKey === "" ? [] : presentKey.split(",")),
            ]),
          ].sort(),
    [known, presentKey, identity.userId, onlyMine],
  );

  useEffect(() => {
    let changed = false;
    for (const [userId, { doc, provider }] of links.current) {
      if (wanted.includes(userId)) continue;
      provider.destroy();
      doc.destroy();
      links.current.delete(userId);
      // The offline copy too (same database name as useAnalysisDoc's), should one exist.
      void clearDocument(`ach:${ratingsDocName(analysisId, userId)}`);
      changed = true;
    }
    for (const userId of wanted) {
      if (links.current.has(userId)) continue;
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(syncBase(), ratingsDocName(analysisId, userId), doc, {
        params: params.current,
        shouldReconnect: (event) => !FATAL_CLOSE_CODES.has(event.code),
      });
      doc.getMap("meta").observe(() => setNamesVersion((v) => v + 1));
      // Only membership of the "has rated" set matters here; useScores follows every cell itself.
      const ratings = ratingsMap(doc);
      ratings.observe(() => {
        const has = ratings.size > 0;
        setRating((prev) => {
          if (prev.has(userId) === has) return prev;
          const next = new Set(prev);
          if (has) next.add(userId);
          else next.delete(userId);
          return next;
        });
      });
      links.current.set(userId, { doc, provider });
      changed = true;
    }
    if (changed) setLinked(new Map([...links.current].map(([id, link]) => [id, link.doc])));
  }, [wanted, analysisId]);

  useEffect(() => {
    const map = links.current;
    return () => {
      for (const { doc, provider } of map.values()) {
        provider.destroy();
        doc.destroy();
      }
      map.clear();
    };
  }, []);

  const docs = useMemo(
    () => new Map([...linked].filter(([userId]) => rating.has(userId))) as ReadonlyMap<string, Y.Doc>,
    [linked, rating],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `namesVersion` signals a rater renamed.
  const raters = useMemo(() => {
    const out: TeamRater[] = [];
    for (const [userId, doc] of docs) {
      const name =
        readRaterName(doc) || known.get(userId) || (userId === identity.userId ? identity.name : "");
      out.push({ userId, name: name || "Analyst" });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
  }, [docs, known, namesVersion, identity.userId, identity.name]);

  return useMemo(() => ({ raters, docs }), [raters, docs]);
}
