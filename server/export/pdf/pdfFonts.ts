/**
 * The embedded fonts. DejaVu Sans (Latin, Cyrillic, Greek, Hebrew) has all four styles but Arabic
 * script only in its regular and bold faces, and its Arabic shaping drops spaces; Vazirmatn covers
 * Arabic, Persian, Dari and Pashto in regular and bold. Arabic-script text is set in Vazirmatn
 * (italic is printed upright: Arabic script has no italic convention), everything else in DejaVu.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export type FontStyle = "regular" | "bold" | "italic" | "boldItalic";

/** A registered face: a style of DejaVu, or the Vazirmatn face used for that style. */
export type FontFace = FontStyle | "arabic" | "arabicBold";

const require = createRequire(import.meta.url);
const dejavuDir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
const vazirDir = join(dirname(require.resolve("vazirmatn/package.json")), "fonts", "ttf");

/** Font file per face; registered under the face name in every document. */
export const FONT_FILES: Readonly<Record<FontFace, string>> = {
  regular: join(dejavuDir, "DejaVuSans.ttf"),
  bold: join(dejavuDir, "DejaVuSans-Bold.ttf"),
  italic: join(dejavuDir, "DejaVuSans-Oblique.ttf"),
  boldItalic: join(dejavuDir, "DejaVuSans-BoldOblique.ttf"),
  arabic: join(vazirDir, "Vazirmatn-Regular.ttf"),
  arabicBold: join(vazirDir, "Vazirmatn-Bold.ttf"),
};

const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u0870-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;

/**
 * The face that prints `text` in `style`: Vazirmatn when the text holds Arabic script. The PDF
 * layout splits lines into runs at every change of direction, so a run is either right-to-left
 * (one script) or not, and the whole run uses one face.
 */
export function faceOf(text: string, style: FontStyle): FontFace {
  if (!ARABIC_SCRIPT.test(text)) return style;
  return style === "bold" || style === "boldItalic" ? "arabicBold" : "arabic";
}
