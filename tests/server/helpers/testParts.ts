/**
 * Parts the generic sync tests write (`getText("t")`, `getMap("probe")`, …) into documents that
 * are not real analyses: accepted unchecked, so those tests exercise rooms, not the schema.
 * Tests of the schema's limits run without them (tests/server/hostileSync.test.ts).
 */
import type { PartRule } from "../../../shared/validation/documentRules";

const unchecked: PartRule = { kind: "unchecked" };

export const TEST_PARTS: Readonly<Record<string, PartRule>> = {
  t: unchecked,
  items: unchecked,
  log: unchecked,
  probe: unchecked,
  r: unchecked,
};
