/**
 * Highlights the cited passages of a source's captured text, each followed by the codes of the
 * evidence rows that cite it (E5, E12). Each citation is resolved by the shared anchoring (its
 * relative positions, else its quote) to a plain-text range, then to editor positions.
 *
 * Cost: a full resolution (one plain-text view of the fragment, then each anchor) runs when the
 * citations change and when a remote change arrives (y-tiptap replaces the document then, so mapped
 * positions would be meaningless); my own typing only maps the existing decorations through the
 * transaction (the fragment is not updated yet at that point), which keeps a keystroke independent
 * of the number of citations.
 */
import { Extension } from "@tiptap/core";
import { type EditorState, Plugin, PluginKey, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { ySyncPluginKey } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import { indexRuns, plainTextView, resolveAnchor, type TextAnchor } from "../../../shared/sources/anchoring";
import { plainIndex, plainToPm } from "./plainOffsets";

/** One cited passage: its anchor and the label drawn after it. */
export interface PassageAnchor {
  /** Unique per citation (`<evidenceId>:<citationId>`). */
  readonly key: string;
  readonly anchor: TextAnchor;
  /** The citing row's code, e.g. "E5". */
  readonly label: string;
}

interface HighlightState {
  readonly anchors: readonly PassageAnchor[];
  readonly focusKey: string | null;
  readonly decorations: DecorationSet;
}

type HighlightMeta = Partial<Pick<HighlightState, "anchors" | "focusKey">>;

export const citationHighlightsKey = new PluginKey<HighlightState>("citationHighlights");

/** A resolved passage, in editor positions. */
export interface ResolvedPassage {
  readonly from: number;
  readonly to: number;
  readonly keys: readonly string[];
  readonly labels: readonly string[];
}

/** Each anchor's editor range (lost passages left out), passages cited by several rows merged. */
export function resolvePassages(
  state: EditorState,
  fragment: Y.XmlFragment,
  anchors: readonly PassageAnchor[],
): ResolvedPassage[] {
  if (anchors.length === 0) return [];
  const view = plainTextView(fragment);
  const runs = indexRuns(view);
  const index = plainIndex(state.doc);
  const byRange = new Map<string, { from: number; to: number; keys: string[]; labels: string[] }>();
  for (const a of anchors) {
    const { range } = resolveAnchor(view, a.anchor, runs);
    if (range === null) continue;
    const from = plainToPm(index, range.start);
    const to = plainToPm(index, range.end);
    if (from === null || to === null || to <= from) continue;
    const key = `${from}:${to}`;
    const found = byRange.get(key);
    if (found) {
      found.keys.push(a.key);
      if (!found.labels.includes(a.label)) found.labels.push(a.label);
    } else byRange.set(key, { from, to, keys: [a.key], labels: [a.label] });
  }
  return [...byRange.values()].sort((x, y) => x.from - y.from);
}

function codesWidget(labels: readonly string[]): () => HTMLElement {
  return () => {
    const el = document.createElement("sup");
    el.className = "cite-codes";
    el.setAttribute("contenteditable", "false");
    el.textContent = labels.join(" ");
    return el;
  };
}

function decorate(state: EditorState, passages: readonly ResolvedPassage[], focusKey: string | null) {
  const decos: Decoration[] = [];
  for (const p of passages) {
    const focused = focusKey !== null && p.keys.includes(focusKey);
    decos.push(
      Decoration.inline(p.from, p.to, {
        class: focused ? "cited is-focused" : "cited",
        "data-citations": p.keys.join(" "),
        "data-codes": p.labels.join(" "),
      }),
      Decoration.widget(p.to, codesWidget(p.labels), {
        side: 1,
        key: `codes:${p.keys.join(",")}:${p.labels.join(",")}`,
        ignoreSelection: true,
      }),
    );
  }
  return DecorationSet.create(state.doc, decos);
}

export interface CitationHighlightsOptions {
  readonly fragment: Y.XmlFragment | null;
}

/** The highlights; set the passages with `setCitationAnchors`, the one to emphasise with `focusCitation`. */
export const CitationHighlights = Extension.create<CitationHighlightsOptions>({
  name: "citationHighlights",
  addOptions() {
    return { fragment: null };
  },
  addProseMirrorPlugins() {
    const { fragment } = this.options;
    const rebuild = (value: HighlightState, state: EditorState): HighlightState => {
      const started = performance.now();
      const passages = fragment ? resolvePassages(state, fragment, value.anchors) : [];
      const decorations = decorate(state, passages, value.focusKey);
      // The last full resolution as a User Timing entry (one kept): the sources bench reads it.
      if (value.anchors.length > 0) {
        performance.clearMeasures("citation-highlights");
        performance.measure("citation-highlights", { start: started });
      }
      return { ...value, decorations };
    };
    return [
      new Plugin<HighlightState>({
        key: citationHighlightsKey,
        state: {
          init: () => ({ anchors: [], focusKey: null, decorations: DecorationSet.empty }),
          apply(tr: Transaction, value, _old, state) {
            const meta = tr.getMeta(citationHighlightsKey) as HighlightMeta | undefined;
            const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
            const next = meta ? { ...value, ...meta } : value;
            if (meta || sync?.isChangeOrigin) return rebuild(next, state);
            if (!tr.docChanged) return next;
            return { ...next, decorations: next.decorations.map(tr.mapping, tr.doc) };
          },
        },
        props: {
          decorations: (state) => citationHighlightsKey.getState(state)?.decorations ?? DecorationSet.empty,
        },
      }),
    ];
  },
});

/** A transaction that replaces the highlighted passages. */
export const setCitationAnchors = (tr: Transaction, anchors: readonly PassageAnchor[]): Transaction =>
  tr.setMeta(citationHighlightsKey, { anchors } satisfies HighlightMeta);

/** A transaction that emphasises one citation's passage (null: none). */
export const focusCitation = (tr: Transaction, focusKey: string | null): Transaction =>
  tr.setMeta(citationHighlightsKey, { focusKey } satisfies HighlightMeta);
