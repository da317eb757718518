/** Tabs (Radix): arrow keys move between tabs, the panel is labelled by its tab. */
import * as RadixTabs from "@radix-ui/react-tabs";
import type { ReactNode } from "react";
import "./Tabs.css";

export interface TabItem {
  readonly value: string;
  readonly label: ReactNode;
  readonly content: ReactNode;
}

export interface TabsProps {
  readonly items: readonly TabItem[];
  readonly label: string;
  readonly value?: string;
  readonly onValueChange?: (value: string) => void;
}

export function Tabs({ items, label, value, onValueChange }: TabsProps) {
  return (
    <RadixTabs.Root
      className="tabs"
      {...(value === undefined ? { defaultValue: items[0]?.value ?? "" } : { value })}
      {...(onValueChange ? { onValueChange } : {})}
    >
      <RadixTabs.List className="tabs-list" aria-label={label}>
        {items.map((t) => (
          <RadixTabs.Trigger key={t.value} value={t.value} className="tabs-trigger">
            {t.label}
          </RadixTabs.Trigger>
        ))}
      </RadixTabs.List>
      {items.map((t) => (
        <RadixTabs.Content key={t.value} value={t.value} className="tabs-panel">
          {t.content}
        </RadixTabs.Content>
      ))}
    </RadixTabs.Root>
  );
}
