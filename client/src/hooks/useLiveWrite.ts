/**
 * Writes a text field's draft to the shared document while it is typed (debounced), so the edit
 * syncs, persists and reaches co-editors before the field loses focus: the status pill then says
 * "Saved" only about text the server has. Hiding the page (closing the tab) writes the pending text
 * at once; so does unmounting the field.
 */
import { useCallback, useEffect, useRef } from "react";

/** Long enough that a typing burst is one write, short enough that a closed tab loses almost nothing. */
export const LIVE_WRITE_DELAY_MS = 400;

export interface LiveWrite {
  /** Write `text` after the typing pauses. */
  readonly schedule: (text: string) => void;
  /** Write the pending text now, if any. */
  readonly flush: () => void;
  /** Drop the pending text unwritten (the field commits or restores it itself). */
  readonly cancel: () => void;
}

/** `write` receives each pending text once; it validates and skips unchanged text itself. */
export function useLiveWrite(write: (text: string) => void): LiveWrite {
  const writeRef = useRef(write);
  writeRef.current = write;
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const cancel = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    pending.current = null;
  }, []);
  const flush = useCallback(() => {
    const text = pending.current;
    cancel();
    if (text !== null) writeRef.current(text);
  }, [cancel]);
  const schedule = useCallback(
    (text: string) => {
      pending.current = text;
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, LIVE_WRITE_DELAY_MS);
    },
    [flush],
  );

  useEffect(() => {
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      flush();
    };
  }, [flush]);
  return { schedule, flush, cancel };
}
