/**
 * The one validator of an analysis's documents against `shared/limits.ts`, used by every write
 * path: sync (the admission step validates each client transaction), REST (server edits go through
 * the same step) and import (the built documents are validated whole).
 *
 * `validateTransaction` checks only what one transaction touched: each changed type is walked up
 * to its top-level part (a bounded walk: a type nested deeper than any rule allows is refused on
 * the way), then that entity is checked (an item's changed fields, a whole new item, the counts of
 * its collection, the touched rich-text field's depth and size). Cost is proportional to what
 * changed, not to the document.
 */
import * as Y from "yjs";
import type { DocumentKind } from "../documentNames";
import { Limits } from "../limits";
import {
  type CollectionRule,
  DOCUMENT_RULES,
  type NestedMapRule,
  type PartRule,
  type ValueCheck,
} from "./documentRules";
import { measureValue } from "./measure";
import { checkFragment } from "./richTextLimits";

/** Any Yjs shared type (maps, arrays, XML), as `doc.share` holds them. */
// biome-ignore lint/suspicious/noExplicitAny: Yjs types its shared types invariantly in their event type.
type YType = Y.AbstractType<any>;

/** A refused write: where (`evidence.e1.claim`) and why. */
export interface LimitViolation {
  readonly path: string;
  readonly message: string;
}

/** Deepest a type may sit below its top-level part: item → rich-text field → elements → text. */
const MAX_TYPE_DEPTH = Limits.richTextMaxDepth + 4;

type PartRules = Readonly<Record<string, PartRule>>;

const ID_KEY = /^[A-Za-z0-9_-]{1,64}$/;

const violation = (path: string, message: string): LimitViolation => ({ path, message });

/** Instantiates the top-level parts with their proper types, so updates integrate into them. */
export function defineDocumentParts(kind: DocumentKind, doc: Y.Doc, extraParts: PartRules = {}): void {
  for (const [name, rule] of Object.entries({ ...DOCUMENT_RULES[kind], ...extraParts }))
    partOf(doc, name, rule);
}

function partOf(doc: Y.Doc, name: string, rule: PartRule): YType | null {
  switch (rule.kind) {
    case "unchecked":
      return null;
    case "richText":
      return doc.getXmlFragment(name);
    case "array":
      return doc.getArray(name);
    default:
      return doc.getMap(name);
  }
}

/** Plain values only (no nested Yjs types), small when no rule names the key. */
function checkPlain(value: unknown, fieldCheck: ValueCheck | undefined): string | null {
  if (value instanceof Y.AbstractType) return "must be a plain value";
  if (fieldCheck !== undefined) {
    // Field checks are zod schemas: bound the input before zod walks it.
    if (measureValue(value, 8, Limits.maxMessageBytes) !== null) return "nested too deeply";
    return fieldCheck(value);
  }
  return measureValue(value, 4, Limits.unknownValueMaxLength) === null
    ? null
    : `unknown field larger than ${Limits.unknownValueMaxLength} characters`;
}

function mapSize(map: YType): number {
  let n = 0;
  for (const item of map._map.values()) if (!item.deleted) n++;
  return n;
}

/**
 * More than `max` live entries? `_map` holds one item per key ever set, deleted or not, so its size
 * bounds the live count: only a map that ever had more than `max` keys is counted (O(keys)), and
 * adding an entry to a large map costs O(1) on the edit path.
 */
function hasMoreThan(map: YType, max: number): boolean {
  return map._map.size > max && mapSize(map) > max;
}

function checkMapKey(
  map: Y.Map<unknown>,
  key: string,
  fields: Readonly<Record<string, ValueCheck>>,
  path: string,
): LimitViolation | null {
  if (!map.has(key)) return null;
  const message = checkPlain(map.get(key), fields[key]);
  return message === null ? null : violation(`${path}.${key}`, message);
}

function checkKeyCount(map: YType, fields: object, path: string): LimitViolation | null {
  return hasMoreThan(map, Object.keys(fields).length + Limits.maxKeysPerMap)
    ? violation(path, `more than ${Limits.maxKeysPerMap} unknown fields`)
    : null;
}

/** Is `key` a live entry of the top-level map `part` of `doc`? */
function namesEntry(doc: Y.Doc | null, part: string, key: unknown): boolean {
  const map = doc?.share.get(part);
  const item = typeof key === "string" ? map?._map.get(key) : undefined;
  return item !== undefined && !item.deleted;
}

/** A nested map of an item (citations): its count, then each entry whole and what it refers to. */
function checkNestedMap(rule: NestedMapRule, field: unknown, path: string): LimitViolation | null {
  if (!(field instanceof Y.Map)) return violation(path, "must be a map");
  if (hasSequence(field)) return violation(path, "must be a map");
  if (hasMoreThan(field, rule.max)) return violation(path, `more than ${rule.max} entries`);
  for (const [key, entry] of field.entries()) {
    const at = `${path}.${key.slice(0, 80)}`;
    if (!ID_KEY.test(key)) return violation(at, "invalid id");
    if (!(entry instanceof Y.Map) || hasSequence(entry)) return violation(at, "must be an entry");
    const plain: Record<string, unknown> = {};
    for (const [name, value] of entry.entries()) {
      if (value instanceof Y.AbstractType)
        return violation(`${at}.${name.slice(0, 80)}`, "must be a plain value");
      plain[name] = value;
    }
    const message = checkPlain(plain, rule.entry);
    if (message !== null) return violation(at, message);
    for (const [name, part] of Object.entries(rule.refs)) {
      if (!namesEntry(field.doc, part, plain[name]))
        return violation(`${at}.${name}`, `must name one of the ${part}`);
    }
  }
  return null;
}

function checkItem(
  rule: CollectionRule,
  item: Y.Map<unknown>,
  path: string,
  keys?: Iterable<string>,
): LimitViolation | null {
  for (const key of keys ?? item.keys()) {
    const nested = rule.nested?.[key];
    if (nested !== undefined) {
      if (!item.has(key)) continue;
      const found = checkNestedMap(nested, item.get(key), `${path}.${key}`);
      if (found !== null) return found;
      continue;
    }
    if (rule.richText.includes(key)) {
      const field = item.get(key);
      if (field === undefined) continue;
      if (!(field instanceof Y.XmlFragment)) return violation(`${path}.${key}`, "must be rich text");
      const message = checkFragment(field);
      if (message !== null) return violation(`${path}.${key}`, message);
      continue;
    }
    const found = checkMapKey(item, key, rule.fields, path);
    if (found !== null) return found;
  }
  return checkKeyCount(item, rule.fields, path);
}

/**
 * Whether a live nested entry (an evidence row's citation) still names `key` of `part` (a source)
 * that a transaction deleted: such a deletion would leave the citation pointing nowhere. Deleting is
 * rare and this walks only the collections whose nested entries refer to `part`.
 */
function stillNamed(doc: Y.Doc | null, part: string, key: string, path: string): LimitViolation | null {
  if (doc === null) return null;
  for (const [name, rule] of Object.entries(DOCUMENT_RULES.content)) {
    if (rule.kind !== "collection" || rule.nested === undefined) continue;
    for (const [field, nested] of Object.entries(rule.nested)) {
      const refs = Object.entries(nested.refs).filter(([, target]) => target === part);
      if (refs.length === 0) continue;
      // Only a part the document already has (getMap would add one to, say, a ratings document).
      if (!doc.share.has(name)) continue;
      for (const [id, item] of doc.getMap<unknown>(name).entries()) {
        const entries = item instanceof Y.Map ? item.get(field) : undefined;
        if (!(entries instanceof Y.Map)) continue;
        for (const entry of entries.values()) {
          if (entry instanceof Y.Map && refs.some(([ref]) => entry.get(ref) === key))
            return violation(path, `still cited by ${name} ${id.slice(0, 80)}: remove its ${field} first`);
        }
      }
    }
  }
  return null;
}

function checkEntry(name: string, rule: PartRule, part: YType, key: string): LimitViolation | null {
  const path = `${name}.${key.slice(0, 80)}`;
  const map = part as Y.Map<unknown>;
  if (!map.has(key)) return null;
  const value = map.get(key);
  switch (rule.kind) {
    case "fields":
      return checkMapKey(map, key, rule.fields, name);
    case "entries": {
      if (!rule.key.test(key)) return violation(path, "invalid key");
      const message = checkPlain(value, rule.value);
      return message === null ? null : violation(path, message);
    }
    case "collection":
      if (!ID_KEY.test(key)) return violation(path, "invalid id");
      if (!(value instanceof Y.Map)) return violation(path, "must be an item");
      return checkItem(rule, value, path);
    default:
      return violation(path, "unexpected key");
  }
}

function checkCount(name: string, rule: PartRule, part: YType): LimitViolation | null {
  switch (rule.kind) {
    case "entries":
    case "collection":
      return hasMoreThan(part, rule.max) ? violation(name, `more than ${rule.max} entries`) : null;
    case "fields":
      return checkKeyCount(part, rule.fields, name);
    default:
      return null;
  }
}

function checkArray(
  name: string,
  rule: PartRule & { kind: "array" },
  part: Y.Array<unknown>,
): LimitViolation | null {
  if (part.length > rule.max) return violation(name, `more than ${rule.max} entries`);
  let index = 0;
  for (const value of part) {
    const message = checkPlain(value, rule.value);
    if (message !== null) return violation(`${name}.${index}`, message);
    index++;
  }
  return null;
}

/** Checks a whole part (used for whole documents and for array parts on any change). */
function checkPart(name: string, rule: PartRule, part: YType): LimitViolation | null {
  if (rule.kind === "richText") {
    const message = checkFragment(part, rule.maxLength);
    return message === null ? null : violation(name, message);
  }
  if (rule.kind === "array") return checkArray(name, rule, part as Y.Array<unknown>);
  if (hasSequence(part)) return violation(name, "must be a map");
  for (const key of part._map.keys()) {
    const found = checkEntry(name, rule, part, key);
    if (found !== null) return found;
  }
  return checkCount(name, rule, part);
}

const NO_EXTRA_PARTS: PartRules = {};
const mergedRules = new WeakMap<PartRules, Map<DocumentKind, PartRules>>();

/** The rules of `kind` with `extraParts`, merged once per pair (not on every transaction). */
function rulesOf(kind: DocumentKind, extraParts: PartRules): PartRules {
  let byKind = mergedRules.get(extraParts);
  if (byKind === undefined) {
    byKind = new Map();
    mergedRules.set(extraParts, byKind);
  }
  let rules = byKind.get(kind);
  if (rules === undefined) {
    rules = { ...DOCUMENT_RULES[kind], ...extraParts };
    byKind.set(kind, rules);
  }
  return rules;
}

function rootNames(doc: Y.Doc): Map<YType, string> {
  const names = new Map<YType, string>();
  for (const [name, type] of doc.share) names.set(type, name);
  return names;
}

function hasSequence(type: YType): boolean {
  for (let item = type._start; item !== null; item = item.right) if (!item.deleted) return true;
  return false;
}

function isEmpty(type: YType): boolean {
  return !hasSequence(type) && mapSize(type) === 0;
}

/** Validates a whole document (imports, tests). */
export function validateDocument(kind: DocumentKind, doc: Y.Doc): LimitViolation | null {
  const rules = DOCUMENT_RULES[kind];
  for (const [name, type] of doc.share) {
    const rule = rules[name];
    if (rule === undefined) {
      if (!isEmpty(type)) return violation(name.slice(0, 80), "unknown part of the document");
      continue;
    }
    const part = partOf(doc, name, rule);
    const found = part === null ? null : checkPart(name, rule, part);
    if (found !== null) return found;
  }
  return null;
}

interface Located {
  /** The top-level part, its name, and the chain of map keys from it down to the changed type. */
  readonly part: YType;
  readonly name: string;
  readonly keys: readonly (string | null)[];
  /** The changed type's nearest ancestor (or itself) right below the part: a collection item. */
  readonly item: YType | null;
}

function locate(type: YType, names: Map<YType, string>): Located | LimitViolation {
  const keys: (string | null)[] = [];
  let current = type;
  let child: YType | null = null;
  for (let steps = 0; current._item !== null; steps++) {
    if (steps > MAX_TYPE_DEPTH) return violation("document", `nested deeper than ${MAX_TYPE_DEPTH} levels`);
    keys.push(current._item.parentSub);
    child = current;
    current = current._item.parent as YType;
  }
  keys.reverse();
  const name = names.get(current);
  if (name === undefined) return violation("document", "change outside any part");
  return { part: current, name, keys, item: child };
}

/**
 * Validates what `transaction` changed in `doc` (a document of `kind`); call it inside the
 * transaction, after the change is applied, or from `afterTransaction`.
 */
export function validateTransaction(
  kind: DocumentKind,
  doc: Y.Doc,
  transaction: Y.Transaction,
  extraParts: PartRules = NO_EXTRA_PARTS,
): LimitViolation | null {
  const found = findViolation(kind, doc, transaction, extraParts);
  // Deleting never adds to a count, a size or a depth (and pruning content nested beyond the
  // limit must pass): a transaction that only deleted is admitted — unless it deleted an entry
  // that a reference still names (a cited source).
  if (found !== null && addsStructs(doc, transaction)) return found;
  return deletedButNamed(doc, transaction);
}

/** A top-level collection entry the transaction deleted while a live reference still names it. */
function deletedButNamed(doc: Y.Doc, transaction: Y.Transaction): LimitViolation | null {
  // Names are looked up only for a deletion, the rare case: most transactions only add.
  let names: Map<YType, string> | null = null;
  for (const [type, changedKeys] of transaction.changed) {
    if (type._item !== null || !(type instanceof Y.Map)) continue;
    for (const key of changedKeys) {
      if (key === null || type.has(key)) continue;
      names ??= rootNames(doc);
      const name = names.get(type);
      if (name === undefined) break;
      const found = stillNamed(doc, name, key, `${name}.${key.slice(0, 80)}`);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Did the (still open) transaction integrate any new struct? */
function addsStructs(doc: Y.Doc, transaction: Y.Transaction): boolean {
  for (const [client, structs] of doc.store.clients) {
    const last = structs[structs.length - 1];
    const clock = last === undefined ? 0 : last.id.clock + last.length;
    if (clock !== (transaction.beforeState.get(client) ?? 0)) return true;
  }
  return false;
}

function findViolation(
  kind: DocumentKind,
  doc: Y.Doc,
  transaction: Y.Transaction,
  extraParts: PartRules,
): LimitViolation | null {
  if (transaction.changed.size === 0) return null;
  const rules = rulesOf(kind, extraParts);
  const names = rootNames(doc);
  const checkedFragments = new Set<YType>();
  const countedParts = new Set<YType>();
  for (const [type, changedKeys] of transaction.changed) {
    const where = locate(type, names);
    if (!("part" in where)) return where;
    const { part, name, keys } = where;
    const rule = rules[name];
    if (rule === undefined) return violation(name.slice(0, 80), "unknown part of the document");
    if (rule.kind === "unchecked") continue;
    let found: LimitViolation | null = null;
    if (rule.kind === "richText" || rule.kind === "array") {
      // Any change inside a rich-text field or a (small) array part re-checks that part.
      if (checkedFragments.has(part)) continue;
      checkedFragments.add(part);
      found = checkPart(name, rule, part);
    } else if (keys.length === 0) {
      if (changedKeys.has(null)) return violation(name, "must be a map");
      // The count first: 20 000 new rows are refused before any of them is looked at.
      if (!countedParts.has(part)) {
        countedParts.add(part);
        found = checkCount(name, rule, part);
      }
      for (const key of found === null ? changedKeys : []) {
        found = checkEntry(name, rule, part, key as string);
        if (found !== null) break;
      }
    } else if (rule.kind === "collection") {
      found = checkInsideItem(name, rule, where, type, changedKeys, checkedFragments);
    } else {
      // A Yjs type inside a plain-valued map (fields, entries) is never valid.
      found = violation(`${name}.${String(keys[0]).slice(0, 80)}`, "must be a plain value");
    }
    if (found !== null) return found;
  }
  return null;
}

function checkInsideItem(
  name: string,
  rule: CollectionRule,
  where: Located,
  type: YType,
  changedKeys: Set<string | null>,
  checkedFragments: Set<YType>,
): LimitViolation | null {
  const [id, field] = where.keys;
  const path = `${name}.${String(id).slice(0, 80)}`;
  const item = where.item;
  if (!(item instanceof Y.Map)) return violation(path, "must be an item");
  if (where.keys.length === 1) {
    if (changedKeys.has(null)) return violation(path, "must be an item");
    return checkItem(rule, item, path, [...changedKeys] as string[]);
  }
  const nested = field === null || field === undefined ? undefined : rule.nested?.[field];
  if (nested !== undefined) {
    // A change anywhere in a nested map (bounded by its count) re-checks the whole map once.
    const map = item.get(field as string);
    if (map instanceof Y.AbstractType && checkedFragments.has(map)) return null;
    if (map instanceof Y.AbstractType) checkedFragments.add(map);
    return checkNestedMap(nested, map, `${path}.${field}`);
  }
  if (field === null || field === undefined || !rule.richText.includes(field)) {
    return violation(`${path}.${String(field).slice(0, 80)}`, "must be a plain value");
  }
  const fragment = item.get(field);
  if (!(fragment instanceof Y.XmlFragment)) return violation(`${path}.${field}`, "must be rich text");
  if (checkedFragments.has(fragment) && type !== fragment) return null;
  checkedFragments.add(fragment);
  return checkItem(rule, item, path, [field]);
}
