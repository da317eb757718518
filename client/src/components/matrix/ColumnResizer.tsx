/**
 * The grip on a column header's right edge: drag it, or focus it and use ←/→ (16 px a press), to
 * resize the column. `onResize` gets the new width while dragging; `onCommit` once at the end
 * (where the width is remembered).
 */
import { type KeyboardEvent, type PointerEvent, useRef } from "react";
import "./ColumnResizer.css";

export interface ColumnResizerProps {
  readonly label: string;
  readonly width: number;
  readonly min: number;
  readonly max: number;
  readonly onResize: (px: number) => void;
  readonly onCommit: (px: number) => void;
}

const STEP = 16;

export function ColumnResizer({ label, width, min, max, onResize, onCommit }: ColumnResizerProps) {
  const drag = useRef<{ startX: number; startW: number; last: number } | null>(null);
  const clamp = (v: number): number => Math.min(max, Math.max(min, Math.round(v)));

  const down = (e: PointerEvent<HTMLDivElement>): void => {
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { startX: e.clientX, startW: width, last: width };
  };
  const move = (e: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current;
    if (!d) return;
    d.last = clamp(d.startW + e.clientX - d.startX);
    onResize(d.last);
  };
  const up = (): void => {
    const d = drag.current;
    drag.current = null;
    if (d) onCommit(d.last);
  };
  const key = (e: KeyboardEvent<HTMLDivElement>): void => {
    const delta = e.key === "ArrowLeft" ? -STEP : e.key === "ArrowRight" ? STEP : 0;
    if (delta === 0) return;
    e.preventDefault();
    e.stopPropagation();
    const next = clamp(width + delta);
    onResize(next);
    onCommit(next);
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a column splitter is the ARIA separator widget; <hr> cannot take focus or keys
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={width}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className="col-resizer"
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={up}
      onPointerCancel={up}
      onKeyDown={key}
      onClick={(e) => e.stopPropagation()}
    />
  );
}
