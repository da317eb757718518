/** The lead's consensus overrides, live: any view that shows a consensus marks these cells as overridden. */
import type * as Y from "yjs";
import { type Override, overridesMap, readOverrides } from "../../../shared/schema/leadDoc";
import { useYValue } from "./useYValue";

/** cellKey → the lead's override (rating, reason, by, at); malformed entries are left out. */
export function useOverrides(lead: Y.Doc): Readonly<Record<string, Override>> {
  return useYValue(overridesMap(lead), readOverridesOf(lead));
}

const selectors = new WeakMap<Y.Doc, () => Record<string, Override>>();

/** A stable selector per document, so useYValue recomputes only after a change. */
function readOverridesOf(lead: Y.Doc): () => Record<string, Override> {
  let selector = selectors.get(lead);
  if (!selector) {
    selector = () => readOverrides(lead);
    selectors.set(lead, selector);
  }
  return selector;
}
