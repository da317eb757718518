/**
 * An ordered, archivable collection stored as `Y.Map<id, Y.Map>` (hypotheses, evidence, milestones).
 * Items are never hard-deleted: archiving hides them, merging points them at their survivor.
 */
import * as Y from "yjs";
import { AppError } from "../errors";
import { Limits } from "../limits";
import { compareOrder, orderAt } from "./fractionalOrder";

export type ItemMap = Y.Map<unknown>;
export type Collection = Y.Map<ItemMap>;

/** Who makes a change and when (ISO time); passed in so domain code stays pure and testable. */
export interface Actor {
  readonly userId: string;
  readonly now: string;
}

export interface ItemBase {
  readonly id: string;
  readonly order: string;
  readonly archived: boolean;
  readonly createdAt: string;
  readonly createdBy: string;
  /** Id of the item this one was merged into, or null. */
  readonly mergedInto: string | null;
}

export function getItem(coll: Collection, id: string, what: string): ItemMap {
  const item = coll.get(id);
  if (!(item instanceof Y.Map)) throw new AppError("not_found", `${what} "${id}" not found`);
  return item;
}

const str = (item: ItemMap, key: string, fallback = ""): string => {
  const v = item.get(key);
  return typeof v === "string" ? v : fallback;
};

/** A stored string, cut at `max`: text written beyond a limit before the limits held still reads, bounded. */
export function readText(item: ItemMap, key: string, max: number = Limits.shortTextMaxLength): string {
  const v = item.get(key);
  return typeof v === "string" ? v.slice(0, max) : "";
}

/** The collection limits of `shared/limits.ts` (archived items count: they are stored). */
export function assertRoom(coll: Collection, max: number, what: string): void {
  // `size` walks every entry; the entries map (deleted keys included) bounds it in O(1), so the
  // exact count is taken only near the limit and building a big analysis stays linear.
  if (coll._map.size < max) return;
  if (coll.size >= max) throw new AppError("validation_failed", `an analysis holds at most ${max} ${what}`);
}

/** An item's rich-text field (created on first access for items that lack one). */
export function fragmentOf(item: ItemMap, key: string): Y.XmlFragment {
  const f = item.get(key);
  if (f instanceof Y.XmlFragment) return f;
  const created = new Y.XmlFragment();
  item.set(key, created);
  return created;
}

export function readBase(id: string, item: ItemMap): ItemBase {
  const merged = item.get("mergedInto");
  return {
    id,
    order: str(item, "order"),
    archived: item.get("archived") === true,
    createdAt: str(item, "createdAt"),
    createdBy: str(item, "createdBy"),
    mergedInto: typeof merged === "string" ? merged : null,
  };
}

/** Items in display order; archived ones only when asked for. */
export function listItems<T extends ItemBase>(
  coll: Collection,
  read: (id: string, item: ItemMap) => T,
  includeArchived: boolean,
): T[] {
  const out: T[] = [];
  coll.forEach((item, id) => {
    if (!(item instanceof Y.Map)) return;
    const view = read(id, item);
    if (includeArchived || !view.archived) out.push(view);
  });
  return out.sort(compareOrder);
}

function sortedBases(coll: Collection, exceptId?: string): ItemBase[] {
  return listItems(coll, readBase, true)
    .filter((b) => b.id !== exceptId)
    .sort(compareOrder);
}

/**
 * Where a new item goes: an index among all items (archived included), or an order key already
 * minted — building a whole document appends rows in one pass (`orderSequence`) instead of sorting
 * every sibling once per row, which made a 5 000-row import quadratic.
 */
export type Placement = number | { readonly order: string };

/** Insert a new item at `at` (default: the end). `fields` are written in the same transaction. */
export function insertItem(
  coll: Collection,
  id: string,
  actor: Actor,
  fields: Readonly<Record<string, unknown>>,
  at?: Placement,
): ItemMap {
  const order =
    typeof at === "object"
      ? at.order
      : ((siblings) => orderAt(siblings, at ?? siblings.length))(sortedBases(coll));
  const item: ItemMap = new Y.Map();
  const doc = coll.doc;
  const write = (): void => {
    coll.set(id, item);
    item.set("order", order);
    item.set("archived", false);
    item.set("createdAt", actor.now);
    item.set("createdBy", actor.userId);
    for (const [k, v] of Object.entries(fields)) item.set(k, v);
  };
  if (doc) doc.transact(write);
  else write();
  return item;
}

/** Move an item to `index` in the full order (computed without the item itself). */
/**
 * Sets the fields of a patch that differ from the item's, in one transaction. `validate` runs once the
 * item is found (an unknown id is `not_found` before the patch is judged) and returns the valid patch.
 */
export function setFields(
  coll: Collection,
  id: string,
  what: string,
  validate: () => Readonly<Record<string, unknown>>,
): void {
  const item = getItem(coll, id, what);
  const valid = validate();
  const doc = coll.doc;
  const write = (): void => {
    for (const [k, v] of Object.entries(valid)) if (v !== undefined && item.get(k) !== v) item.set(k, v);
  };
  if (doc) doc.transact(write);
  else write();
}

export function moveItem(coll: Collection, id: string, index: number, what: string): void {
  const item = getItem(coll, id, what);
  item.set("order", orderAt(sortedBases(coll, id), index));
}

export function setArchived(coll: Collection, id: string, archived: boolean, what: string): void {
  getItem(coll, id, what).set("archived", archived);
}
