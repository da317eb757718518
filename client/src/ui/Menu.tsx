/**
 * A dropdown menu (Radix): arrow keys, type-ahead, Escape and focus return handled.
 * `trigger` is one button element; items run `onSelect`.
 */
import * as RadixMenu from "@radix-ui/react-dropdown-menu";
import type { ReactElement, ReactNode } from "react";
import "./Menu.css";

export interface MenuProps {
  readonly trigger: ReactElement;
  readonly children: ReactNode;
  readonly align?: "start" | "end";
  readonly label?: string;
}

export function Menu({ trigger, children, align = "start", label }: MenuProps) {
  return (
    <RadixMenu.Root modal={false}>
      <RadixMenu.Trigger asChild>{trigger}</RadixMenu.Trigger>
      <RadixMenu.Portal>
        <RadixMenu.Content className="menu-content" align={align} sideOffset={4} aria-label={label}>
          {children}
        </RadixMenu.Content>
      </RadixMenu.Portal>
    </RadixMenu.Root>
  );
}

export interface MenuItemProps {
  readonly onSelect: () => void;
  readonly children: ReactNode;
  readonly disabled?: boolean;
  readonly tone?: "danger";
  readonly "data-testid"?: string;
}

export function MenuItem({ onSelect, children, disabled, tone, ...rest }: MenuItemProps) {
  return (
    <RadixMenu.Item
      className={`menu-item${tone === "danger" ? " is-danger" : ""}`}
      disabled={disabled ?? false}
      onSelect={onSelect}
      data-testid={rest["data-testid"]}
    >
      {children}
    </RadixMenu.Item>
  );
}

export interface MenuCheckboxItemProps {
  readonly checked: boolean;
  readonly onCheckedChange: (checked: boolean) => void;
  readonly children: ReactNode;
}

/** A toggle inside a menu; the menu stays open so several can be flipped. */
export function MenuCheckboxItem({ checked, onCheckedChange, children }: MenuCheckboxItemProps) {
  return (
    <RadixMenu.CheckboxItem
      className="menu-item menu-check"
      checked={checked}
      onCheckedChange={(v) => onCheckedChange(v === true)}
      onSelect={(e) => e.preventDefault()}
    >
      <span className="menu-check-mark" aria-hidden="true">
        {checked ? "✓" : ""}
      </span>
      {children}
    </RadixMenu.CheckboxItem>
  );
}

export const MenuSeparator = () => <RadixMenu.Separator className="menu-separator" />;

export const MenuLabel = ({ children }: { readonly children: ReactNode }) => (
  <RadixMenu.Label className="menu-label">{children}</RadixMenu.Label>
);
