/**
 * Success and error toasts that clear themselves (Radix: announced politely or assertively,
 * paused while hovered or focused, swipe or Escape to dismiss). One `ToastProvider` at the root;
 * `useToast()` anywhere below it.
 */
import * as RadixToast from "@radix-ui/react-toast";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useRef, useState } from "react";
import "./Toast.css";

type Tone = "success" | "error";

interface ToastItem {
  readonly id: number;
  readonly tone: Tone;
  readonly message: string;
}

export interface ToastApi {
  readonly success: (message: string) => void;
  readonly error: (message: string) => void;
}

const DURATION: Readonly<Record<Tone, number>> = { success: 4_000, error: 8_000 };

const ToastContext = createContext<ToastApi | null>(null);

export function ToastProvider({ children }: { readonly children: ReactNode }) {
  const [items, setItems] = useState<readonly ToastItem[]>([]);
  const next = useRef(1);
  const push = useCallback((tone: Tone, message: string) => {
    const id = next.current++;
    // Keep the last few: a burst of failures should not bury the page.
    setItems((list) => [...list.slice(-2), { id, tone, message }]);
  }, []);
  const api = useMemo<ToastApi>(
    () => ({ success: (m) => push("success", m), error: (m) => push("error", m) }),
    [push],
  );
  const remove = (id: number): void => setItems((list) => list.filter((t) => t.id !== id));
  return (
    <ToastContext value={api}>
      <RadixToast.Provider swipeDirection="right" label="Notification">
        {children}
        {items.map((t) => (
          <RadixToast.Root
            key={t.id}
            className={`toast toast-${t.tone}`}
            type={t.tone === "error" ? "foreground" : "background"}
            duration={DURATION[t.tone]}
            onOpenChange={(open) => {
              if (!open) remove(t.id);
            }}
            data-testid={`toast-${t.tone}`}
          >
            <span className="toast-mark" aria-hidden="true">
              {t.tone === "success" ? "✓" : "!"}
            </span>
            <RadixToast.Description className="toast-text">{t.message}</RadixToast.Description>
            <RadixToast.Close className="toast-close" aria-label="Dismiss">
              ×
            </RadixToast.Close>
          </RadixToast.Root>
        ))}
        <RadixToast.Viewport className="toast-viewport" />
      </RadixToast.Provider>
    </ToastContext>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error("useToast needs a ToastProvider above it");
  return api;
}
