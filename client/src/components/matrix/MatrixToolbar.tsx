/**
 * The matrix's actions beside its title, in groups: working (rate row by row, undo, shortcuts) |
 * sharing (export, members). The view group (view, filter, sort, columns) is the bar under them.
 * On narrow windows the working actions fold into one "Actions" menu.
 */
import type { ReactNode } from "react";
import { useMediaQuery } from "../../hooks/useMediaQuery";
import { Button } from "../../ui/Button";
import { Menu, MenuItem } from "../../ui/Menu";
import "./MatrixToolbar.css";

/** Below this window width the working actions fold into a menu. */
const FOLDED = "(max-width: 1180px)";

export interface MatrixToolbarProps {
  readonly onRateRows: (() => void) | null;
  /** Null where I cannot change anything (a viewer): no Undo at all. */
  readonly onUndo: (() => void) | null;
  readonly canUndo: boolean;
  readonly onShortcuts: () => void;
  /** Export and members. */
  readonly share: ReactNode;
}

export function MatrixToolbar({ onRateRows, onUndo, canUndo, onShortcuts, share }: MatrixToolbarProps) {
  const folded = useMediaQuery(FOLDED);
  return (
    <div className="matrix-toolbar" data-testid="matrix-toolbar">
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
            {onUndo && (
              <MenuItem onSelect={onUndo} disabled={!canUndo} data-testid="undo">
                Undo my last change
              </MenuItem>
            )}
            <MenuItem onSelect={onShortcuts}>Keyboard shortcuts</MenuItem>
          </Menu>
        ) : (
          <>
            {onRateRows && (
              <Button onClick={onRateRows} data-testid="row-mode">
                Rate row by row
              </Button>
            )}
            {onUndo && (
              <Button
                onClick={onUndo}
                disabled={!canUndo}
                title="Undo my last change (Ctrl/⌘ Z)"
                data-testid="undo"
              >
                Undo
              </Button>
            )}
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
