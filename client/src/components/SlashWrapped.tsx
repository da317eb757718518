/** Text that may wrap after its slashes (see slashBreaks) rather than split a word. */
import { Fragment } from "react";
import { slashBreaks } from "../lib/slashBreaks";

export function SlashWrapped({ text }: { readonly text: string }) {
  let offset = 0;
  return slashBreaks(text).map((piece) => {
    const at = offset;
    offset += piece.length;
    return (
      <Fragment key={at}>
        {at > 0 && <wbr />}
        {piece}
      </Fragment>
    );
  });
}
