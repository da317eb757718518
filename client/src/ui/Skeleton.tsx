/**
 * Placeholders shaped like the content that is loading, so the page does not jump when it arrives.
 * Screen readers hear one "Loading…" status instead of the shapes.
 */
import "./Skeleton.css";

export function Skeleton({ width, height = 14 }: { readonly width?: string; readonly height?: number }) {
  return <span className="skeleton" style={{ width: width ?? "100%", height }} aria-hidden="true" />;
}

/** `rows` lines of placeholder, e.g. for a list or table body. */
export function SkeletonRows({
  rows,
  label = "Loading…",
}: {
  readonly rows: number;
  readonly label?: string;
}) {
  return (
    <div className="skeleton-rows" role="status" data-testid="skeleton">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
        <div key={i} className="skeleton-row" aria-hidden="true">
          <Skeleton width={`${45 + ((i * 17) % 35)}%`} />
          <Skeleton width="18%" />
        </div>
      ))}
    </div>
  );
}
