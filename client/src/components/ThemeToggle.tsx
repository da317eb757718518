/** Cycles the theme: system → light → dark. */
import { useState } from "react";
import { applyTheme, readTheme, type ThemeChoice } from "../lib/theme";

const NEXT: Readonly<Record<ThemeChoice, ThemeChoice>> = { system: "light", light: "dark", dark: "system" };
const LABEL: Readonly<Record<ThemeChoice, string>> = { system: "Auto", light: "Light", dark: "Dark" };

export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(readTheme);
  return (
    <button
      type="button"
      className="btn"
      title="Colour theme (follows the system when Auto)"
      data-testid="theme"
      onClick={() => {
        const next = NEXT[choice];
        applyTheme(next);
        setChoice(next);
      }}
    >
      Theme: {LABEL[choice]}
    </button>
  );
}
