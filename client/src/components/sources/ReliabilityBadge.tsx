/** The Admiralty source-reliability letter as a badge; the tone follows the grade, the letter and its word carry it. */
import { RELIABILITY_LABELS } from "../../lib/admiralty";
import { Tag, type TagTone } from "../../ui/Tag";

const TONE: Readonly<Record<string, TagTone>> = {
  A: "ok",
  B: "ok",
  C: "accent",
  D: "warn",
  E: "danger",
  F: "neutral",
};

export function ReliabilityBadge({ grade }: { readonly grade: string }) {
  const label = RELIABILITY_LABELS[grade] ?? RELIABILITY_LABELS[""];
  if (!grade) return <Tag title="Source reliability: not graded">–</Tag>;
  return (
    <Tag tone={TONE[grade] ?? "neutral"} title={`Source reliability: ${label}`}>
      <span aria-hidden="true">{grade}</span>
      <span className="visually-hidden">Reliability {label}</span>
    </Tag>
  );
}
