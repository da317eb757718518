/**
 * The keyboard shortcuts help (`?`): a modal dialog that Escape or the button closes. Rating keys act
 * on a focused cell in "My ratings" (never in a text field, nor for a viewer).
 */
import { useEffect, useRef } from "react";
import "./matrix/dialogs.css";

const SHORTCUTS: readonly (readonly [string, string])[] = [
  ["← ↑ → ↓, Home, End", "Move between cells"],
  ["C N I", "Rate Consistent, Neutral, Inconsistent"],
  ["Shift C, Shift I", "Rate CC (very consistent), II (very inconsistent)"],
  ["A", "Rate NA (not applicable)"],
  ["1 2 3 4 5, 0 or X", "Also rate CC, C, N, I, II, and NA"],
  ["Backspace / Delete", "Clear my rating (unrated)"],
  ["Space", "Open the rating menu"],
  ["Enter", "Open the evidence details"],
  ["M", "Comments on the cell"],
  ["Ctrl/⌘ Z", "Undo my last change"],
  ["Ctrl/⌘ Shift Z or Ctrl Y", "Redo"],
  ["R", "Rate row by row"],
  ["?", "Show this help"],
];

export function ShortcutsOverlay({ onClose }: { readonly onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="shortcuts-title"
      data-testid="shortcuts"
      onClose={onClose}
      onCancel={onClose}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row" className="shortcut-key">
                <kbd>{keys}</kbd>
              </th>
              <td className="shortcut-what">{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="btn" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
