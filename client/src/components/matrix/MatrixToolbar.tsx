/**
 * The matrix toolbar, in groups: how to look at the grid (view, filter, sort, columns) | working
 * actions (rate row by row, undo, shortcuts) | sharing (export, members). When the toolbar is too
 * narrow for all of them, the working actions fold into one "Actions" menu.
 */
import type { ReactNode } from "react";
import { useElementWidth } from "../../hooks/useElementWidth";
import { Button } from "../../ui/Button";
import { Menu, MenuItem } from "../../ui/Menu";
import "./MatrixToolbar.css";

/** Below this toolbar width the working actions fold into a menu. */
const FOLD_BELOW = 1180;

export interface MatrixToolbarProps {
  /** View, filter, sort and columns. */
  readonly view: ReactNode;
  readonly onRateRows: (() => void) | null;
  readonly onUndo: () => void;
  readonly canUndo: boolean;
  readonly onShortcuts: () => void;
  /** Export and members. */
  readonly share: ReactNode;
}

export function MatrixToolbar({ view, onRateRows, onUndo, canUndo, onShortcuts, share }: MatrixToolbarProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>();
  const folded = width > 0 && width < FOLD_BELOW;
  return (
    <div className="matrix-toolbar" ref={ref} role="toolbar" aria-label="Matrix" data-testid="matrix-toolbar">
      <div className="toolbar-group toolbar-view">{view}</div>
      <div className="toolbar-group toolbar-work">
        {folded ? (
          <Menu
            trigger={<Button data-testid="actions-menu">Actions ▾</Button>}
            align="end"
            label="Matrix actions"
          >
            {onRateRows && (
              <MenuItem onSelect={onRateRows} data-testid="row-mode">
                Rate row by row
              </MenuItem>
            )}
            <MenuItem onSelect={onUndo} disabled={!canUndo} data-testid="undo">
              Undo my last change
            </MenuItem>
            <MenuItem onSelect={onShortcuts}>Keyboard shortcuts</MenuItem>
          </Menu>
        ) : (
          <>
            {onRateRows && (
              <Button onClick={onRateRows} data-testid="row-mode">
                Rate row by row
              </Button>
            )}
            <Button
              onClick={onUndo}
              disabled={!canUndo}
              title="Undo my last change (Ctrl/⌘ Z)"
              data-testid="undo"
            >
              Undo
            </Button>
            <Button
              variant="ghost"
              aria-label="Keyboard shortcuts"
              title="Keyboard shortcuts (?)"
              onClick={onShortcuts}
            >
              ?
            </Button>
          </>
        )}
      </div>
      <div className="toolbar-group toolbar-share">{share}</div>
    </div>
  );
}
