/**
 * Every rater's ratings document of an analysis, opened read-only from the tab's document pool
 * (this hook never writes to them; my own is the same pooled document useAnalysisDoc opens): the
 * matrix, the lead's review and the consensus views read from these. Raters come from the
 * analysis's prefetched bundle, the server's list of raters and presence (who is here now), so
 * someone who starts rating while the lead watches joins without a reload.
 *
 * The ratings come out as plain records, read through a subscription (useSyncExternalStore) and
 * re-read only for the rater whose document changed, so components never read a Y.Doc in render.
 *
 * While ratings are blind to me (`othersHidden`), only my own document is open: the others are
 * discarded from the pool (provider and Y.Doc) and any offline copy of them deleted, so nothing of
 * them stays in memory or on disk; when the lead reveals, they are opened again. The server closes
 * and refuses those documents while blind; a refused one is not retried (no reconnect loop).
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { parseDocumentName, ratingsDocName } from "../../../shared/documentNames";
import { raterDisplayName } from "../../../shared/schema/raterNames";
import { ratingsMap, readRaterName, readRatings } from "../../../shared/schema/ratingsDoc";
import { isRatingCode, type RatingCode } from "../../../shared/schema/vocabulary";
import { listRaters, queryKeys } from "../lib/api";
import type { Identity } from "../lib/identity";
import { documentPool } from "../sync/tabPool";
import { useBundledNames, useDocuments } from "../sync/useDocument";

export interface TeamRater {
  readonly userId: string;
  readonly name: string;
}

/** One rater's ratings by `cellKey`. */
export type RaterRatings = Readonly<Record<string, RatingCode>>;

export interface TeamRatings {
  /** Everyone with at least one rating, sorted by name then id; the current user included. */
  readonly raters: readonly TeamRater[];
  /** userId → that rater's ratings document (live, read-only), for the scoring engine's own observers. */
  readonly docs: ReadonlyMap<string, Y.Doc>;
  /** userId → that rater's ratings now; a rater's record is new only when their document changed. */
  readonly ratings: ReadonlyMap<string, RaterRatings>;
}

interface RaterState {
  readonly ratings: RaterRatings;
  readonly count: number;
  readonly name: string;
}

/** `prev` with the keys `event` changed read again from its map. */
function patched(prev: RaterState, event: Y.YMapEvent<string>): RaterState {
  const ratings: Record<string, RatingCode> = { ...prev.ratings };
  let count = prev.count;
  for (const key of event.keysChanged) {
    const had = key in ratings;
    const value = event.target.get(key);
    if (isRatingCode(value)) ratings[key] = value;
    else delete ratings[key];
    count += (key in ratings ? 1 : 0) - (had ? 1 : 0);
  }
  return { ...prev, ratings, count };
}

/**
 * Each document's ratings and rater name, live: re-read only for a document that changed, and the
 * same Map while nothing did.
 */
function useRaterStates(docs: readonly (readonly [string, Y.Doc])[]): ReadonlyMap<string, RaterState> {
  const states = useRef(new WeakMap<Y.Doc, RaterState>());
  const last = useRef<ReadonlyMap<string, RaterState>>(new Map());
  const subscribe = useMemo(
    () => (onChange: () => void) => {
      const offs = docs.map(([, doc]) => {
        const stale = (): void => {
          states.current.delete(doc);
          onChange();
        };
        // A rating change patches a copy of the rater's record (the changed keys only), so my own
        // keypress does not re-read my whole document.
        const onRatings = (event: Y.YMapEvent<string>): void => {
          const prev = states.current.get(doc);
          if (prev) states.current.set(doc, patched(prev, event));
          onChange();
        };
        const meta = doc.getMap("meta");
        ratingsMap(doc).observe(onRatings);
        meta.observe(stale);
        return () => {
          ratingsMap(doc).unobserve(onRatings);
          meta.unobserve(stale);
        };
      });
      return () => {
        for (const off of offs) off();
      };
    },
    [docs],
  );
  const getSnapshot = (): ReadonlyMap<string, RaterState> => {
    let changed = docs.length !== last.current.size;
    const next = new Map<string, RaterState>();
    for (const [userId, doc] of docs) {
      let state = states.current.get(doc);
      if (!state) {
        const ratings = readRatings(doc);
        state = { ratings, count: Object.keys(ratings).length, name: readRaterName(doc) };
        states.current.set(doc, state);
      }
      if (last.current.get(userId) !== state) changed = true;
      next.set(userId, state);
    }
    if (changed) last.current = next;
    return last.current;
  };
  return useSyncExternalStore(subscribe, getSnapshot);
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
  const bundled = useBundledNames(analysisId);

  // Someone present whom the list does not know may just have started rating: ask the server again.
  // Without the list we still learn raters from presence; nothing to tell the user.
  const presentKey = [...new Set(presentIds)].sort().join(",");
  const listed = useQuery({
    queryKey: [...queryKeys.raters(analysisId), presentKey, onlyMine],
    queryFn: () => listRaters(analysisId),
    placeholderData: keepPreviousData,
  });
  const known = listed.data ?? NO_RATERS;

  const wanted = useMemo(() => {
    if (onlyMine) return [identity.userId];
    const fromBundle = bundled.flatMap((name) => {
      const parsed = parseDocumentName(name);
      return parsed.kind === "ratings" ? [parsed.userId] : [];
    });
    const present = presentKey === "" ? [] : presentKey.split(",");
    return [...new Set([identity.userId, ...known.keys(), ...fromBundle, ...present])].sort();
  }, [known, bundled, presentKey, identity.userId, onlyMine]);

  const names = useMemo(
    () => wanted.map((userId) => ratingsDocName(analysisId, userId)),
    [wanted, analysisId],
  );
  const { entries } = useDocuments(names);
  const pairs = useMemo(
    () => entries.map((entry, i) => [wanted[i] as string, entry.doc] as const),
    [entries, wanted],
  );

  // Documents no longer wanted (blind rating switched on) leave the pool and the disk at once, and
  // so do prefetched states of documents never opened.
  const opened = useRef<readonly string[]>([]);
  useEffect(() => {
    const pool = documentPool();
    const unwanted = [...opened.current, ...(othersHidden === true ? bundled : [])].filter(
      (name) => parseDocumentName(name).kind === "ratings" && !names.includes(name),
    );
    for (const name of unwanted) pool.discard(name);
    opened.current = names;
  }, [names, othersHidden, bundled]);

  const states = useRaterStates(pairs);

  const docs = useMemo(
    () => new Map(pairs.filter(([userId]) => (states.get(userId)?.count ?? 0) > 0)),
    [pairs, states],
  );
  const ratings = useMemo(() => {
    const out = new Map<string, RaterRatings>();
    for (const [userId, state] of states) if (state.count > 0) out.set(userId, state.ratings);
    return out;
  }, [states]);

  const raters = useMemo(() => {
    const out: TeamRater[] = [];
    for (const [userId, state] of states) {
      if (state.count === 0) continue;
      // The server's name for the rater (their account), never the one their document carries.
      const account = known.get(userId) ?? (userId === identity.userId ? identity.name : undefined);
      out.push({ userId, name: raterDisplayName(userId, account, state.name) });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name) || a.userId.localeCompare(b.userId));
  }, [states, known, identity.userId, identity.name]);

  return useMemo(() => ({ raters, docs, ratings }), [raters, docs, ratings]);
}
