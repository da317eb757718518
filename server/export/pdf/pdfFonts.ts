/** The embedded fonts: DejaVu Sans (Latin, Cyrillic, Arabic, Greek) from the `dejavu-fonts-ttf` package. */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type FontStyle = "regular" | "bold" | "italic" | "boldItalic";

const require = createRequire(import.meta.url);
const ttfDir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");

/** Font file per style; registered under the style name in every document. */
export const FONT_FILES: Readonly<Record<FontStyle, string>> = {
  regular: join(ttfDir, "DejaVuSans.ttf"),
  bold: join(ttfDir, "DejaVuSans-Bold.ttf"),
  italic: join(ttfDir, "DejaVuSans-Oblique.ttf"),
  boldItalic: join(ttfDir, "DejaVuSans-BoldOblique.ttf"),
};
