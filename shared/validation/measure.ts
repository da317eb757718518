/**
 * Bounded, iterative measures of untrusted nested input: plain values (what a Yjs map entry holds)
 * and raw JSON text. Nothing here recurses, so input nested 100 000 levels deep costs a loop, not
 * the stack.
 */

/** Why a value is over a limit, or null when it fits. */
export type MeasureResult = "too_deep" | "too_large" | null;

/**
 * Walks a plain value (objects, arrays, strings, numbers, bytes) and stops as soon as it is
 * nested deeper than `maxDepth` or its size (string characters, keys, bytes, one per scalar)
 * passes `maxLength`. A scalar has depth 0; `{a: 1}` has depth 1.
 */
export function measureValue(value: unknown, maxDepth: number, maxLength: number): MeasureResult {
  const stack: { readonly value: unknown; readonly depth: number }[] = [{ value, depth: 0 }];
  let size = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value: v, depth } = next;
    if (typeof v === "string") size += v.length;
    else if (v instanceof Uint8Array) size += v.byteLength;
    else if (v !== null && typeof v === "object") {
      if (depth + 1 > maxDepth) return "too_deep";
      if (Array.isArray(v)) {
        for (const item of v) stack.push({ value: item, depth: depth + 1 });
        size += 1;
      } else {
        for (const [key, item] of Object.entries(v)) {
          size += key.length;
          stack.push({ value: item, depth: depth + 1 });
        }
      }
    } else size += 1;
    if (size > maxLength) return "too_large";
  }
  return null;
}

/**
 * Does raw JSON text nest arrays/objects deeper than `maxDepth`? A linear scan that skips string
 * literals; run before `JSON.parse`, whose result would otherwise overflow recursive validators.
 */
export function jsonTextTooDeep(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}
