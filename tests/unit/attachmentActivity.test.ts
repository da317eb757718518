import { describe, expect, it } from "vitest";
import { type ActivityInput, type ActivityLabels, activityText } from "../../shared/history/activity";

const labels: ActivityLabels = {
  evidence: new Map([["e1", { code: "E5", label: "Vehicle seen at the checkpoint" }]]),
  hypotheses: new Map(),
  milestones: new Map(),
  sources: new Map([["s1", { label: "Amu TV report" }]]),
};

const entry = (patch: Partial<ActivityInput>): ActivityInput => ({
  analysisId: "a",
  docName: "a",
  userId: "u1",
  userName: "Ana",
  at: "2026-01-01T00:00:00.000Z",
  kind: "attachment",
  action: "added",
  target: "e1",
  field: "evidence",
  before: null,
  after: "att1",
  label: "photo.jpg",
  coalesceKey: null,
  ...patch,
});

describe("attachment activity in words", () => {
  it("names the file and the row or source it was attached to or removed from", () => {
    expect(activityText(entry({}), "Ana", labels)).toBe(
      "Ana attached 'photo.jpg' to E5 'Vehicle seen at the checkpoint'",
    );
    expect(activityText(entry({ action: "removed" }), "Ana", labels)).toBe(
      "Ana removed the attachment 'photo.jpg' from E5 'Vehicle seen at the checkpoint'",
    );
    expect(activityText(entry({ target: "s1", field: "source" }), "Ana", labels)).toBe(
      "Ana attached 'photo.jpg' to source 'Amu TV report'",
    );
  });

  it("still reads when the owner is gone", () => {
    expect(activityText(entry({ target: "e9" }), "Ana", labels)).toBe(
      "Ana attached 'photo.jpg' to an evidence row since removed",
    );
    expect(activityText(entry({ target: "s9", field: "source" }), "Ana", labels)).toBe(
      "Ana attached 'photo.jpg' to a source",
    );
  });
});
