/**
 * Other analysts' ratings, read live from their own ratings documents. Raters are discovered from the
 * server's JSON view (who has rated) and from presence (who is here now), so a colleague who starts
 * rating while I watch shows up without a reload. Documents the server refuses (blind mode) stay empty.
 */
import { useEffect, useMemo, useRef, useState } from "react";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { ratingsDocName } from "../../../shared/documentNames";
import { ratingsMap, readRaterName, readRatings } from "../../../shared/schema/ratingsDoc";
import type { RatingCode } from "../../../shared/schema/vocabulary";
import { listRaterIds } from "../lib/api";
import type { Identity } from "../lib/identity";
import { syncBase, syncParams } from "./useAnalysisDoc";

export interface OtherRater {
  readonly userId: string;
  readonly name: string;
  /** By `cellKey`. */
  readonly ratings: Readonly<Record<string, RatingCode>>;
}

interface Link {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
}

export function useOtherRatings(
  analysisId: string,
  me: Identity,
  presentIds: readonly string[],
): readonly OtherRater[] {
  const myUserId = me.userId;
  const params = useRef(syncParams(me));
  params.current = syncParams(me);
  const [knownIds, setKnownIds] = useState<readonly string[]>([]);
  const [version, setVersion] = useState(0);
  const links = useRef(new Map<string, Link>());

  useEffect(() => {
    let live = true;
    listRaterIds(analysisId)
      .then((ids) => {
        if (live) setKnownIds(ids);
      })
      .catch(() => {
        // Without the list we still learn raters from presence; nothing to tell the user.
      });
    return () => {
      live = false;
    };
  }, [analysisId]);

  const wanted = useMemo(
    () => [...new Set([...knownIds, ...presentIds])].filter((id) => id !== myUserId).sort(),
    [knownIds, presentIds, myUserId],
  );

  useEffect(() => {
    for (const userId of wanted) {
      if (links.current.has(userId)) continue;
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(syncBase(), ratingsDocName(analysisId, userId), doc, {
        params: params.current,
      });
      doc.on("update", () => setVersion((v) => v + 1));
      links.current.set(userId, { doc, provider });
    }
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

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the change signal of the docs.
  return useMemo(() => {
    const out: OtherRater[] = [];
    for (const [userId, { doc }] of links.current) {
      if (ratingsMap(doc).size === 0) continue;
      out.push({ userId, name: readRaterName(doc) || "Analyst", ratings: readRatings(doc) });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }, [version, wanted]);
}
