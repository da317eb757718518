/**
 * The matrix as ONE tab stop (the ARIA grid pattern): Tab into the grid lands on its current rating
 * cell, whichever way it comes in, and Tab or Shift+Tab from a cell leaves the grid. The headers are
 * reached with the arrows (Up from the first row, Left from the first column); inside a header cell
 * Tab walks its own controls (title, details, move, width handle) and then leaves the grid too. So
 * the width handles are reachable, but are not the first stop, and 15 rows of row controls are not
 * 30 stops. Native listeners on the scroll element: events from portalled menus do not reach them.
 */
import { useEffect } from "react";
import type { GridPos } from "../lib/ratingKeys";

const TABBABLE =
  'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex], [contenteditable="true"]';

const CELL = "button.rating[data-col]";
/** The controls of a header cell, or a row's header: Tab moves among them before leaving the grid. */
const HEADER_CELL = '[role="columnheader"], [role="rowheader"]';

function tabbables(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) => el.tabIndex >= 0 && !el.closest("[inert]") && el.getClientRects().length > 0,
  );
}

/** The first tabbable after `after` (forward), or the last one before `before` (backward). */
function outside(before: Element, after: Element, forward: boolean): HTMLElement | undefined {
  const all = tabbables();
  return forward
    ? all.find(
        (el) =>
          (after.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0 && !after.contains(el),
      )
    : all.findLast((el) => (before.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING) !== 0);
}

/** The control to focus in a header cell: its title or claim if it has one, else its first control. */
export function headerControl(cell: Element | null | undefined): HTMLElement | null {
  const controls = [...(cell?.querySelectorAll<HTMLElement>(TABBABLE) ?? [])].filter(
    (el) => el.tabIndex >= 0,
  );
  return controls.find((el) => el.matches(".hyp-title, .claim-text")) ?? controls[0] ?? null;
}

const isTyping = (el: Element): boolean =>
  el.matches("input, textarea, select, [contenteditable='true']") ||
  el.closest("[contenteditable='true']") !== null;

export interface GridTabStopOptions {
  /** The element scrolling the grid: its header (`.grid-head`) and rows (`.grid-body`) are the one stop. */
  readonly scrollEl: HTMLElement | null;
  readonly focusActiveCell: () => void;
  readonly focusCell: (pos: GridPos) => void;
  /** Focuses the title of a hypothesis column. */
  readonly focusColumnHeader: (col: number) => void;
  /** Focuses the claim of a row (its header). */
  readonly focusRowHeader: (row: number) => void;
  /** The column of a hypothesis header by its id; -1 for the others. */
  readonly columnOf: (hypothesisId: string) => number;
}

export function useGridTabStop(o: GridTabStopOptions): void {
  const { scrollEl, focusActiveCell, focusCell, focusColumnHeader, focusRowHeader, columnOf } = o;
  useEffect(() => {
    const root = scrollEl;
    if (!root) return;
    // Whether the last thing to move focus was the Tab key (not a click, nor a script).
    let viaTab = false;
    const zone = (): { head: Element; body: Element } | null => {
      const head = root.querySelector(".grid-head");
      const body = root.querySelector(".grid-body");
      return head && body ? { head, body } : null;
    };
    const inZone = (el: unknown): boolean =>
      el instanceof Element && el.closest(".grid-head, .grid-body") !== null && root.contains(el);

    const onDocKey = (e: KeyboardEvent): void => {
      viaTab = e.key === "Tab";
    };
    const onPointer = (): void => {
      viaTab = false;
    };
    const onFocusIn = (e: FocusEvent): void => {
      const target = e.target;
      if (!viaTab || !(target instanceof Element) || !inZone(target) || inZone(e.relatedTarget)) return;
      viaTab = false;
      if (!target.matches(CELL)) focusActiveCell();
    };
    const onKeyDown = (e: KeyboardEvent): void => {
      const target = e.target;
      if (!(target instanceof HTMLElement) || !inZone(target) || e.altKey || e.ctrlKey || e.metaKey) return;
      const z = zone();
      if (e.key === "Tab" && z) {
        const forward = !e.shiftKey;
        const cell = target.closest(HEADER_CELL);
        if (!target.matches(CELL) && cell) {
          // Within a header cell, Tab moves among its controls first.
          const all = tabbables();
          const next = all[all.indexOf(target) + (forward ? 1 : -1)];
          if (next && cell.contains(next)) return;
        }
        const exit = outside(z.head, z.body, forward);
        if (exit) {
          e.preventDefault();
          exit.focus();
        }
        return;
      }
      // A width handle's ←/→ resize its column.
      const resizes =
        target.matches('[role="separator"]') && (e.key === "ArrowLeft" || e.key === "ArrowRight");
      if (target.matches(CELL) || isTyping(target) || resizes) return;
      const header = target.closest('[role="columnheader"]');
      const rowHeader = target.closest('[role="rowheader"]');
      const move = (fn: () => void): void => {
        e.preventDefault();
        fn();
      };
      if (header) {
        const col = columnOf(header.getAttribute("data-testid")?.replace(/^hyp-/, "") ?? "");
        if (e.key === "ArrowDown") move(() => (col >= 0 ? focusCell({ row: 0, col }) : focusRowHeader(0)));
        else if (e.key === "ArrowRight") move(() => focusColumnHeader(col + 1));
        else if (e.key === "ArrowLeft" && col > 0) move(() => focusColumnHeader(col - 1));
        else if (e.key === "ArrowLeft" && col === 0)
          move(() => headerControl(root.querySelector(".grid-head .claim-head"))?.focus());
      } else if (rowHeader) {
        const row = Number(rowHeader.closest('[role="row"]')?.getAttribute("aria-rowindex") ?? 0) - 2;
        if (row < 0) return;
        if (e.key === "ArrowRight") move(() => focusCell({ row, col: 0 }));
        else if (e.key === "ArrowDown") move(() => focusRowHeader(row + 1));
        else if (e.key === "ArrowUp")
          move(() =>
            row > 0
              ? focusRowHeader(row - 1)
              : headerControl(root.querySelector(".grid-head .claim-head"))?.focus(),
          );
      }
    };
    document.addEventListener("keydown", onDocKey, true);
    document.addEventListener("pointerdown", onPointer, true);
    root.addEventListener("focusin", onFocusIn);
    root.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("keydown", onDocKey, true);
      document.removeEventListener("pointerdown", onPointer, true);
      root.removeEventListener("focusin", onFocusIn);
      root.removeEventListener("keydown", onKeyDown);
    };
  }, [scrollEl, focusActiveCell, focusCell, focusColumnHeader, focusRowHeader, columnOf]);
}
