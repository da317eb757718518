/** Names the browser tab after the page ("Analyses — ACH Workspace"), so open tabs can be told apart. */
import { useEffect } from "react";

export const APP_NAME = "ACH Workspace";

export function usePageTitle(title: string | null): void {
  useEffect(() => {
    document.title = title ? `${title} — ${APP_NAME}` : APP_NAME;
    return () => {
      document.title = APP_NAME;
    };
  }, [title]);
}
