/**
 * The fields of an imported JSON view that validation left out: zod drops keys no schema names, so
 * a typo ("credibilty") or a field from another tool would vanish without a word. Found by walking
 * the input beside what parsing kept (no second, strict copy of the schema to keep in step).
 */

/**
 * Fields the export writes that import knowingly does not read (SCHEMA.md): attachment metadata (the
 * files are not in the JSON), and where a merged item went (it comes in archived, unlinked).
 * Array indices are written `*`.
 */
const EXPORT_ONLY = new Set(["attachments", "hypotheses.*.mergedInto", "evidence.*.mergedInto"]);

/** At most this many fields are named; the rest are counted. */
const MAX_NAMED = 20;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function collect(input: unknown, kept: unknown, path: string, shape: string, out: string[]): void {
  if (Array.isArray(input) && Array.isArray(kept)) {
    const n = Math.min(input.length, kept.length);
    for (let i = 0; i < n; i++) collect(input[i], kept[i], `${path}${i}.`, `${shape}*.`, out);
    return;
  }
  // A plain string standing for rich text, or a value parsing replaced, has no keys to compare.
  if (!isRecord(input) || !isRecord(kept)) return;
  for (const key of Object.keys(input)) {
    if (EXPORT_ONLY.has(`${shape}${key}`)) continue;
    if (Object.hasOwn(kept, key)) collect(input[key], kept[key], `${path}${key}.`, `${shape}${key}.`, out);
    else out.push(`${path}${key}`);
  }
}

/** Paths of the fields in `input` that are missing from `kept`, its parsed form (e.g. `evidence.3.credibilty`). */
export function ignoredFields(input: unknown, kept: unknown): string[] {
  const out: string[] = [];
  collect(input, kept, "", "", out);
  return out;
}

/** One import warning naming the ignored fields (the first 20, then a count); null when there are none. */
export function ignoredFieldsWarning(input: unknown, kept: unknown): string | null {
  const fields = ignoredFields(input, kept);
  if (fields.length === 0) return null;
  const named = fields.slice(0, MAX_NAMED).join(", ");
  const more = fields.length > MAX_NAMED ? ` and ${fields.length - MAX_NAMED} more` : "";
  const noun = fields.length === 1 ? "field" : "fields";
  return `${fields.length} unknown ${noun} ignored (not imported): ${named}${more}`;
}
