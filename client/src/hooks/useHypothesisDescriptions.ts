/** Each hypothesis's description as plain text (for the header tooltips), kept current as people type. */
import * as Y from "yjs";
import { hypothesesMap } from "../../../shared/schema/contentDoc";
import { fragmentToRichDoc, richDocToPlainText } from "../../../shared/schema/richText";
import { useYValue } from "./useYValue";

/** Read-only: items without a description stay without one (hypothesisDescription would create it). */
const descriptionsOf = (hypotheses: Y.Map<unknown>): ReadonlyMap<string, string> => {
  const out = new Map<string, string>();
  hypotheses.forEach((item, id) => {
    const fragment = item instanceof Y.Map ? item.get("description") : undefined;
    if (!(fragment instanceof Y.XmlFragment)) return;
    const text = richDocToPlainText(fragmentToRichDoc(fragment)).trim();
    if (text !== "") out.set(id, text);
  });
  return out;
};

export function useHypothesisDescriptions(content: Y.Doc): ReadonlyMap<string, string> {
  return useYValue(hypothesesMap(content) as Y.Map<unknown>, descriptionsOf);
}
