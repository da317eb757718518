/**
 * Light/dark theme: follows the system (prefers-color-scheme) until the user picks one; the choice is
 * kept per browser and applied before the first render so the page never flashes the other theme.
 */
export type ThemeChoice = "system" | "light" | "dark";

const KEY = "ach.theme";

export function readTheme(): ThemeChoice {
  const v = window.localStorage.getItem(KEY);
  return v === "light" || v === "dark" ? v : "system";
}

export function applyTheme(choice: ThemeChoice): void {
  if (choice === "system") {
    delete document.documentElement.dataset.theme;
    window.localStorage.removeItem(KEY);
  } else {
    document.documentElement.dataset.theme = choice;
    window.localStorage.setItem(KEY, choice);
  }
}
