/**
 * Turns the Yjs transactions a room applies into activity entries ("Ann rated E7 × H2: C → II").
 *
 * Attached to each room's doc with `observeDeep` on the top-level types of its kind of document, so
 * it sees exactly what a transaction changed, with old values (`event.changes.keys`). Only edits
 * with an author are recorded (the room's `authorOf`: a client's update or a server edit); loads
 * and updates relayed from other instances are skipped (the instance that received the edit
 * records it). Entries are computed synchronously in the observers, which run before the doc's
 * `update` event, and kept with their transaction until the room takes them (`take`) to store
 * with the update in one store transaction.
 */
import * as Y from "yjs";
import { parseDocumentName, SOURCE_TEXT_PART } from "../../shared/documentNames";
import type { ActivityAction, ActivityInput, ActivityKind } from "../../shared/history/activity";
import { CITATIONS_FIELD } from "../../shared/sources/citations";
import type { EditAuthor, RoomInfo } from "../sync/hooks";

export interface ActivityRecorderOptions {
  readonly now?: () => Date;
}

type DeepEvents = Y.YEvent<Y.AbstractType<unknown>>[];

const COLLECTIONS: Readonly<Record<string, ActivityKind>> = {
  hypotheses: "hypothesis",
  evidence: "evidence",
  milestones: "milestone",
  sources: "source",
};

const LABEL_KEY: Readonly<Record<ActivityKind, string>> = {
  hypothesis: "title",
  evidence: "claim",
  milestone: "text",
  rating: "",
  meta: "",
  lead: "",
  comment: "",
  version: "",
  restore: "",
  source: "title",
  citation: "",
  attachment: "",
};

/** Item keys that are bookkeeping, not edits a person would name. */
const SILENT_KEYS = new Set(["createdAt", "createdBy", "description", "notes"]);

const show = (value: unknown): string | null => {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Y.AbstractType) return null;
  return JSON.stringify(value);
};

const minuteOf = (iso: string): number => Math.floor(Date.parse(iso) / 60_000);

export class ActivityRecorder {
  private readonly now: () => Date;
  /** Entries of transactions whose update the room has not taken yet. */
  private readonly pending = new WeakMap<Y.Transaction, ActivityInput[]>();

  constructor(options: ActivityRecorderOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  /** The entries computed for `transaction` (once: they are handed over). */
  take(transaction: Y.Transaction): readonly ActivityInput[] {
    const entries = this.pending.get(transaction) ?? [];
    this.pending.delete(transaction);
    return entries;
  }

  /** Starts recording the edits of a room's live document. Destroying the doc detaches. */
  attach(room: RoomInfo): void {
    const { doc } = room;
    const docName = room.name;
    const name = parseDocumentName(docName);
    const observe = (
      type: Y.Map<unknown> | Y.XmlFragment | Y.Array<unknown>,
      handle: (events: DeepEvents, base: Base) => void,
    ) => {
      type.observeDeep((events, tr) => {
        const author = room.authorOf(tr);
        if (author === null) return;
        const base: Base = { analysisId: name.analysisId, docName, at: this.now().toISOString(), ...author };
        const out: ActivityInput[] = [];
        try {
          handle(events, { ...base, out });
        } catch {
          // A document an older or hostile client shaped oddly must never break the edit itself.
          return;
        }
        if (out.length === 0) return;
        const earlier = this.pending.get(tr);
        if (earlier === undefined) this.pending.set(tr, out);
        else earlier.push(...out);
      });
    };
    switch (name.kind) {
      case "content":
        for (const [key, kind] of Object.entries(COLLECTIONS)) {
          observe(doc.getMap(key), (events, base) => collectionEvents(events, kind, base));
        }
        observe(doc.getMap("meta"), (events, base) => metaEvents(events, base));
        observe(doc.getMap("comments"), (events, base) => commentEvents(events, base));
        observe(doc.getXmlFragment("description"), (_events, base) =>
          push(base, { kind: "meta", action: "edited_text", field: "description", coalesce: true }),
        );
        return;
      case "ratings":
        observe(doc.getMap("ratings"), (events, base) => ratingEvents(events, base));
        return;
      case "source":
        observe(doc.getXmlFragment(SOURCE_TEXT_PART), (_events, base) =>
          push(base, {
            kind: "source",
            action: "edited_text",
            target: name.sourceId,
            field: "capturedText",
            coalesce: true,
          }),
        );
        return;
      case "lead":
        observe(doc.getMap("settings"), (events, base) => settingsEvents(events, base));
        observe(doc.getMap("overrides"), (events, base) => overrideEvents(events, base));
        observe(doc.getXmlFragment("conclusion"), (_events, base) =>
          push(base, { kind: "lead", action: "edited_text", field: "conclusion", coalesce: true }),
        );
        observe(doc.getArray("approvals"), (events, base) => approvalEvents(events, base));
        return;
    }
  }
}

interface Base extends EditAuthor {
  readonly analysisId: string;
  readonly docName: string;
  readonly at: string;
  readonly out?: ActivityInput[];
}

interface Change {
  readonly kind: ActivityKind;
  readonly action: ActivityAction;
  readonly target?: string | null;
  readonly field?: string | null;
  readonly before?: string | null;
  readonly after?: string | null;
  readonly label?: string | null;
  /** Fold repeats by this author on this item and field within a minute. */
  readonly coalesce?: boolean;
}

function push(base: Base, change: Change): void {
  const target = change.target ?? null;
  const field = change.field ?? null;
  base.out?.push({
    analysisId: base.analysisId,
    docName: base.docName,
    userId: base.userId,
    userName: base.userName,
    at: base.at,
    kind: change.kind,
    action: change.action,
    target,
    field,
    before: change.before ?? null,
    after: change.after ?? null,
    label: change.label ?? null,
    coalesceKey: change.coalesce
      ? `${base.userId ?? ""}|${change.kind}|${change.action}|${target ?? ""}|${field ?? ""}|${minuteOf(base.at)}`
      : null,
  });
}

function collectionEvents(events: DeepEvents, kind: ActivityKind, base: Base): void {
  const added = new Set<string>();
  const textEdits = new Set<string>();
  for (const event of events) {
    if (event.path.length === 0) {
      // The collection itself: items added or (never by our UI) removed.
      const coll = event.target as Y.Map<unknown>;
      for (const [id, change] of event.changes.keys) {
        if (change.action === "delete") {
          push(base, { kind, action: "removed", target: id, label: deletedLabel(change.oldValue, kind) });
          continue;
        }
        added.add(id);
        const item = coll.get(id);
        const label = item instanceof Y.Map ? show(item.get(LABEL_KEY[kind])) : null;
        push(base, { kind, action: "added", target: id, label });
      }
      continue;
    }
    const id = String(event.path[0]);
    if (added.has(id)) continue;
    if (event.path.length === 1) {
      for (const [key, change] of event.changes.keys) itemKeyChange(base, kind, id, key, change, event);
      continue;
    }
    const field = String(event.path[1]);
    if (field === CITATIONS_FIELD) {
      // The row's citations map (or, deeper, one citation's fields: never changed by our UI).
      if (event.path.length === 2) citationEvents(base, id, event);
      continue;
    }
    // Inside a rich-text field of the item: one entry per field per transaction, folded per minute.
    if (textEdits.has(`${id}|${field}`)) continue;
    textEdits.add(`${id}|${field}`);
    push(base, { kind, action: "edited_text", target: id, field, coalesce: true });
  }
}

/**
 * The title or claim of an item just removed from its collection. A deleted Y.Map answers `get`
 * with undefined, but until the transaction is cleaned up its entries still hold their content.
 */
function deletedLabel(item: unknown, kind: ActivityKind): string | null {
  return deletedField(item, LABEL_KEY[kind]);
}

function deletedField(item: unknown, key: string): string | null {
  if (!(item instanceof Y.Map)) return null;
  const entries = (item as unknown as { _map?: Map<string, { content?: { getContent?: () => unknown[] } }> })
    ._map;
  const value = entries?.get(key)?.content?.getContent?.().at(-1);
  return show(value);
}

function itemKeyChange(
  base: Base,
  kind: ActivityKind,
  id: string,
  key: string,
  change: { action: "add" | "update" | "delete"; oldValue: unknown },
  event: Y.YEvent<Y.AbstractType<unknown>>,
): void {
  if (SILENT_KEYS.has(key)) return;
  const item = event.target as Y.Map<unknown>;
  const after = change.action === "delete" ? null : item.get(key);
  if (key === CITATIONS_FIELD) {
    // A row's first citation brings the citations map with it.
    if (after instanceof Y.Map) for (const entry of after.values()) citationAdded(base, id, entry);
    return;
  }
  const label = show(item.get(LABEL_KEY[kind]));
  if (key === "archived") {
    push(base, { kind, action: after === true ? "archived" : "unarchived", target: id, label });
  } else if (key === "mergedInto") {
    if (typeof after === "string") push(base, { kind, action: "merged", target: id, after, label });
  } else if (key === "order") {
    push(base, { kind, action: "moved", target: id, label, coalesce: true });
  } else {
    push(base, {
      kind,
      action: "changed",
      target: id,
      field: key,
      before: show(change.oldValue),
      after: show(after),
      label,
      coalesce: true,
    });
  }
}

/** One citation added to evidence row `evidenceId`: the quote and its source, in the feed's words. */
function citationAdded(base: Base, evidenceId: string, entry: unknown): void {
  if (!(entry instanceof Y.Map)) return;
  push(base, {
    kind: "citation",
    action: "added",
    target: evidenceId,
    after: show(entry.get("sourceId")),
    label: show(entry.get("exact"))?.slice(0, 80) ?? null,
  });
}

function citationEvents(base: Base, evidenceId: string, event: Y.YEvent<Y.AbstractType<unknown>>): void {
  const citations = event.target as Y.Map<unknown>;
  for (const [citationId, change] of event.changes.keys) {
    if (change.action === "delete") {
      const label = deletedField(change.oldValue, "exact");
      push(base, {
        kind: "citation",
        action: "removed",
        target: evidenceId,
        label: label?.slice(0, 80) ?? null,
      });
    } else if (change.action === "add") citationAdded(base, evidenceId, citations.get(citationId));
  }
}

/** Comments posted and deleted (resolving is not news for the feed). */
function commentEvents(events: DeepEvents, base: Base): void {
  for (const event of events) {
    if (event.path.length !== 0) continue;
    const comments = event.target as Y.Map<unknown>;
    for (const [id, change] of event.changes.keys) {
      if (change.action === "delete") push(base, { kind: "comment", action: "removed", target: id });
      else if (change.action === "add") {
        const item = comments.get(id);
        const body = item instanceof Y.Map ? show(item.get("body")) : null;
        push(base, { kind: "comment", action: "added", target: id, label: body?.slice(0, 80) ?? null });
      }
    }
  }
}

function metaEvents(events: DeepEvents, base: Base): void {
  for (const event of events) {
    if (event.path.length > 0) continue;
    const meta = event.target as Y.Map<unknown>;
    for (const [key, change] of event.changes.keys) {
      if (SILENT_KEYS.has(key)) continue;
      push(base, {
        kind: "meta",
        action: "changed",
        field: key,
        before: show(change.oldValue),
        after: show(change.action === "delete" ? null : meta.get(key)),
        coalesce: true,
      });
    }
  }
}

function ratingEvents(events: DeepEvents, base: Base): void {
  for (const event of events) {
    if (event.path.length > 0) continue;
    const ratings = event.target as Y.Map<unknown>;
    for (const [key, change] of event.changes.keys) {
      const before = change.action === "add" ? null : show(change.oldValue);
      if (change.action === "delete") {
        push(base, { kind: "rating", action: "cleared", target: key, before });
      } else {
        push(base, { kind: "rating", action: "rated", target: key, before, after: show(ratings.get(key)) });
      }
    }
  }
}

function settingsEvents(events: DeepEvents, base: Base): void {
  for (const event of events) {
    if (event.path.length > 0) continue;
    const settings = event.target as Y.Map<unknown>;
    for (const [key, change] of event.changes.keys) {
      push(base, {
        kind: "lead",
        action: "changed",
        field: key,
        before: show(change.oldValue),
        after: show(change.action === "delete" ? null : settings.get(key)),
      });
    }
  }
}

const ratingOf = (value: unknown): string | null =>
  typeof value === "object" && value !== null && "rating" in value ? show(value.rating) : null;

function overrideEvents(events: DeepEvents, base: Base): void {
  for (const event of events) {
    if (event.path.length > 0) continue;
    const overrides = event.target as Y.Map<unknown>;
    for (const [key, change] of event.changes.keys) {
      if (change.action === "delete") {
        push(base, {
          kind: "lead",
          action: "cleared_override",
          target: key,
          before: ratingOf(change.oldValue),
        });
      } else {
        push(base, {
          kind: "lead",
          action: "overrode",
          target: key,
          before: ratingOf(change.oldValue),
          after: ratingOf(overrides.get(key)),
        });
      }
    }
  }
}

function approvalEvents(events: DeepEvents, base: Base): void {
  for (const event of events) {
    if (event.path.length > 0) continue;
    for (const item of event.changes.added) {
      for (const value of item.content.getContent()) {
        const approval = value as { versionId?: unknown; note?: unknown };
        const versionId = typeof approval.versionId === "string" ? approval.versionId : null;
        push(base, { kind: "lead", action: "approved", target: versionId, label: versionId });
      }
    }
  }
}
