/** A small status label ("Approved", "Lead", "Archived"); the tone is never the only cue, the word is. */
import type { ReactNode } from "react";
import "./Tag.css";

export type TagTone = "neutral" | "accent" | "ok" | "warn" | "danger";

export function Tag({
  tone = "neutral",
  children,
  title,
}: {
  readonly tone?: TagTone;
  readonly children: ReactNode;
  readonly title?: string;
}) {
  return (
    <span className={`ui-tag ui-tag-${tone}`} title={title}>
      {children}
    </span>
  );
}
