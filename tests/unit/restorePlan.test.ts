import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { buildAnalysis } from "../../server/commands/buildAnalysis";
import { planRestore } from "../../server/commands/restoreVersion";
import { statesDocuments } from "../../server/workers/analysisStates";
import { contentDocName } from "../../shared/documentNames";
import { parseAnalysisJson } from "../../shared/schema/analysisJson";
import { evidenceMap, metaMap } from "../../shared/schema/contentDoc";

const actor = { userId: "u-lead", now: "2026-01-01T00:00:00Z" };
const id = "a1";
const name = contentDocName(id);

describe("planRestore", () => {
  it("answers updates that take the state it read to the version's, even over rows that lack fields", async () => {
    const documents = buildAnalysis(
      parseAnalysisJson({ schemaVersion: 1, title: "Then", evidence: [{ id: "e1", claim: "kept" }] }),
      actor,
      id,
    );
    const version = {
      record: {
        id: "v1",
        analysisId: id,
        name: "v",
        kind: "named" as const,
        createdBy: null,
        createdAt: actor.now,
      },
      documents,
    };
    // Since the version: renamed, and a raw row without notes written over sync.
    const live = new Y.Doc();
    Y.applyUpdate(live, documents.get(name) as Uint8Array);
    const sv = Y.encodeStateVector(live);
    live.transact(() => {
      metaMap(live).set("title", "Now");
      const row = new Y.Map<unknown>();
      evidenceMap(live).set("raw", row);
      row.set("order", "z");
      row.set("claim", "raw");
    });
    const liveUpdates = [documents.get(name) as Uint8Array, Y.encodeStateAsUpdate(live, sv)];
    const docs = statesDocuments({
      analysisId: id,
      documents: [...documents].map(([n, s]) => [n, n === name ? liveUpdates : [s]] as const),
    });
    const plan = await planRestore(docs, version, { kind: "analysis" }, {});
    expect(plan.documents).toEqual([name]);
    for (const { name: doc, state } of plan.updates) {
      expect(doc).toBe(name);
      Y.applyUpdate(live, state);
    }
    expect(live.store.pendingStructs).toBeNull();
    expect(metaMap(live).get("title")).toBe("Then");
    expect((evidenceMap(live).get("raw") as Y.Map<unknown>).get("archived")).toBe(true);
    expect(plan.diff.changes.length).toBeGreaterThan(0);
  });
});
