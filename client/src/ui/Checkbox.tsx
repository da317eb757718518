/** A checkbox with its label beside it (Radix: keyboard, ARIA and form value handled). */
import * as RadixCheckbox from "@radix-ui/react-checkbox";
import { type ReactNode, useId } from "react";
import "./Checkbox.css";

export interface CheckboxProps {
  readonly checked: boolean;
  readonly onCheckedChange: (checked: boolean) => void;
  readonly children: ReactNode;
  readonly disabled?: boolean;
  readonly "data-testid"?: string;
}

export function Checkbox({ checked, onCheckedChange, children, disabled, ...rest }: CheckboxProps) {
  const id = useId();
  return (
    <span className="checkbox">
      <RadixCheckbox.Root
        id={id}
        className="checkbox-box"
        checked={checked}
        disabled={disabled ?? false}
        onCheckedChange={(v) => onCheckedChange(v === true)}
        data-testid={rest["data-testid"]}
      >
        <RadixCheckbox.Indicator className="checkbox-tick">
          <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
            <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2.2" />
          </svg>
        </RadixCheckbox.Indicator>
      </RadixCheckbox.Root>
      <label htmlFor={id}>{children}</label>
    </span>
  );
}
