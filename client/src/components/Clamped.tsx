/**
 * A claim or title that may be thousands of characters long, shown in at most `lines` lines (two by
 * default) and broken anywhere, so it never widens its page; the whole text is in the tooltip.
 */
import "./InlineText.css";
import { SlashWrapped } from "./SlashWrapped";

export function Clamped({
  text,
  lines = 2,
  className = "",
}: {
  readonly text: string;
  readonly lines?: 1 | 2 | 3;
  readonly className?: string;
}) {
  return (
    <span className={`clamped clamp-lines-${lines} ${className}`} title={text}>
      <SlashWrapped text={text} />
    </span>
  );
}
