/**
 * Creates the sample analysis once per store. The "sample-created" setting, not the presence of
 * analyses, records it: deleting or archiving the sample never brings a second copy back.
 */
import { parseAnalysisJson } from "../../shared/schema/analysisJson";
import { createAnalysis } from "../analyses/createAnalysis";
import type { DocumentStore } from "../store/DocumentStore";
import { SAMPLE_ANALYSIS, SAMPLE_ANALYSIS_ID } from "./khairkhaneSample";

const SETTING = "sample-created";

/** Returns true when it created the sample now. */
export async function ensureSampleAnalysis(store: DocumentStore, now: string): Promise<boolean> {
  if ((await store.getSetting(SETTING)) !== null) return false;
  if (!(await store.getAnalysis(SAMPLE_ANALYSIS_ID))) {
    await createAnalysis(
      store,
      parseAnalysisJson(SAMPLE_ANALYSIS),
      { userId: "system", now },
      SAMPLE_ANALYSIS_ID,
    );
  }
  await store.setSetting(SETTING, now);
  return true;
}
