/** Text colour that stays readable on a user's presence colour (WCAG contrast ≥ 4.5 with one of them). */
const channel = (hex: string, i: number): number => {
  const c = Number.parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

/** Relative luminance of `#rrggbb` (WCAG 2). */
export function luminance(hex: string): number {
  return 0.2126 * channel(hex, 0) + 0.7152 * channel(hex, 1) + 0.0722 * channel(hex, 2);
}

/** White or near-black, whichever contrasts more with `background`. */
export function inkOn(background: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(background)) return "#ffffff";
  const l = luminance(background);
  const white = 1.05 / (l + 0.05);
  const black = (l + 0.05) / (luminance("#111111") + 0.05);
  return white >= black ? "#ffffff" : "#111111";
}
