/**
 * Shows its content in at most two lines with "Show more" when it is longer, so a question of
 * thousands of characters never pushes the toolbar and the matrix off the screen.
 */
import { type ReactNode, useLayoutEffect, useRef, useState } from "react";
import "./FoldedText.css";

export function FoldedText({ children }: { readonly children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [overflows, setOverflows] = useState(false);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = (): void => {
      const text = el.firstElementChild;
      setOverflows(text !== null && text.scrollHeight > text.clientHeight + 1);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    const mutations = new MutationObserver(measure);
    mutations.observe(el, { childList: true, subtree: true, characterData: true });
    return () => {
      observer.disconnect();
      mutations.disconnect();
    };
  }, []);

  return (
    <div className={`folded-text ${open ? "is-open" : ""}`}>
      <div ref={box} className="folded-text-body">
        {children}
      </div>
      {(overflows || open) && (
        <button type="button" className="folded-text-toggle" onClick={() => setOpen((o) => !o)}>
          {open ? "Show less" : "Show more"}
        </button>
      )}
    </div>
  );
}
