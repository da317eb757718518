/**
 * A text cut after each slash, for a <wbr> between the pieces: "Criminal/family dispute" may then
 * wrap as "Criminal/" + "family dispute" instead of being split mid-word ("famil y") where a column
 * is narrower than the whole compound and the browser has no hyphenation for it.
 */
export function slashBreaks(text: string): string[] {
  return text.split(/(?<=\/)(?=[^/\s])/);
}
