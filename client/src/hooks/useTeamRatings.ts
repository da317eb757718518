/**
 * Every rater's ratings document of an analysis, opened read-only (this hook never writes to them):
 * the lead's review and the consensus views score from these. Raters come from the server's JSON
 * view (who has rated) and from presence (who is here now), so someone who starts rating while the
 * lead watches joins without a reload. Documents the server refuses (blind mode) simply stay empty.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { ratingsDocName } from "../../../shared/documentNames";
import { ratingsMap, readRaterName } from "../../../shared/schema/ratingsDoc";
import type { Identity } from "../lib/identity";
import { listRaters } from "../lib/leadApi";
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

/** Opens one read-only ratings document per rater; `presentIds` (from presence) adds raters live. */
export function useTeamRatings(
  analysisId: string,
  identity: Identity,
  presentIds: readonly string[] = [],
): TeamRatings {
  const params = useRef(syncParams(identity));
  params.current = syncParams(identity);
  const [known, setKnown] = useState<ReadonlyMap<string, string>>(new Map());
  const [linked, setLinked] = useState<ReadonlyMap<string, Y.Doc>>(new Map());
  const [namesVersion, setNamesVersion] = useState(0);
  const [rating, setRating] = useState<ReadonlySet<string>>(new Set());
  const links = useRef(new Map<string, Link>());

  // Someone present whom the list does not know may just have started rating: ask the server again.
  const presentKey = [...new Set(presentIds)].sort().join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `presentKey` is the refetch trigger.
  useEffect(() => {
    let live = true;
    listRaters(analysisId)
      .then((raters) => {
        if (live) setKnown(raters);
      })
      .catch(() => {
        // Without the list we still learn raters from presence; nothing to tell the user.
      });
    return () => {
      live = false;
    };
  }, [analysisId, presentKey]);

  const wanted = useMemo(
    () =>
      [
        ...new Set([identity.userId, ...known.keys(), ...(presentKey === "" ? [] : presentKey.split(","))]),
      ].sort(),
    [known, presentKey, identity.userId],
  );

  useEffect(() => {
    let added = false;
    for (const userId of wanted) {
      if (links.current.has(userId)) continue;
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(syncBase(), ratingsDocName(analysisId, userId), doc, {
        params: params.current,
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
      added = true;
    }
    if (added) setLinked(new Map([...links.current].map(([id, link]) => [id, link.doc])));
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
