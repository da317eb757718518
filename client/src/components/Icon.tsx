/** Small stroke icons as inline SVG, so no icon font or emoji support is needed. */
const PATHS = {
  left: "M15 18l-6-6 6-6",
  right: "M9 6l6 6-6 6",
  up: "M6 15l6-6 6 6",
  down: "M6 9l6 6 6-6",
  archive: "M3 4h18v4H3z M5 8v12h14V8 M10 12h4",
  restore: "M3 12a9 9 0 1 0 3-6.7L3 8 M3 3v5h5",
  panel: "M4 4h16v16H4z M14 4v16",
  close: "M6 6l12 12 M18 6L6 18",
  flag: "M5 21V4 M5 4h11l-2 4 2 4H5",
  back: "M19 12H5 M11 18l-6-6 6-6",
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { readonly name: IconName }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}
