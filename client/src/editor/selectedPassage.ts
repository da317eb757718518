/**
 * The passage selected in a source editor as a citation anchor (quote with context, and its ends
 * as encoded Yjs relative positions), made by the shared anchoring from the plain-text range.
 */
import type { EditorState } from "@tiptap/pm/state";
import type * as Y from "yjs";
import { anchorAt, plainTextView, type TextAnchor } from "../../../shared/sources/anchoring";
import { plainIndex, pmToPlain } from "./plainOffsets";

/** null when nothing (or only white space) is selected. */
export function selectedPassage(state: EditorState, fragment: Y.XmlFragment): TextAnchor | null {
  const { from, to, empty } = state.selection;
  if (empty) return null;
  const index = plainIndex(state.doc);
  const start = pmToPlain(index, from);
  const end = pmToPlain(index, to);
  if (start === null || end === null || end <= start) return null;
  const anchor = anchorAt(plainTextView(fragment), { start, end });
  return anchor && anchor.exact.trim() !== "" ? anchor : null;
}
