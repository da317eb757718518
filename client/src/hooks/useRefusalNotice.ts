import { useEffect } from "react";
import { useToast } from "../ui/Toast";
import type { AnalysisDocState } from "./useAnalysisDoc";

/** Tells the user, once per refusal, that the server refused a change and why (it was not saved). */
export function useRefusalNotice(refused: AnalysisDocState["refusedChange"]): void {
  const toast = useToast();
  useEffect(() => {
    if (refused) toast.error(`Your last change was not saved: ${refused.reason}`);
  }, [refused, toast]);
}
