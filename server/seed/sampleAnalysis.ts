/**
 * Creates the sample analysis once per store. The "sample-created" setting, not the presence of
 * analyses, records it: deleting or archiving the sample never brings a second copy back.
 * Its two sample analysts become accounts that cannot sign in (no password, disabled) and
 * analyst members, so their ratings count in scores like any member's.
 */
import { parseAnalysisJson } from "../../shared/schema/analysisJson";
import { createAnalysis } from "../commands/createAnalysis";
import type { AccountStore } from "../store/AccountStore";
import type { DocumentStore } from "../store/DocumentStore";
import { SAMPLE_ANALYSIS, SAMPLE_ANALYSIS_ID, SAMPLE_ANALYSTS } from "./khairkhaneSample";

const SETTING = "sample-created";

/** Returns true when it created the sample now. */
export async function ensureSampleAnalysis(
  store: DocumentStore & AccountStore,
  now: string,
): Promise<boolean> {
  if ((await store.getSetting(SETTING)) !== null) return false;
  if (!(await store.getAnalysis(SAMPLE_ANALYSIS_ID))) {
    await createAnalysis(
      store,
      parseAnalysisJson(SAMPLE_ANALYSIS),
      { userId: "system", now },
      { id: SAMPLE_ANALYSIS_ID },
    );
  }
  for (const analyst of SAMPLE_ANALYSTS) {
    if (!(await store.getUser(analyst.id))) {
      await store.createUser({
        ...analyst,
        passwordHash: null,
        admin: false,
        disabled: true,
        createdAt: now,
      });
    }
    await store.setMember({ analysisId: SAMPLE_ANALYSIS_ID, userId: analyst.id, role: "analyst" });
  }
  await store.setSetting(SETTING, now);
  return true;
}
