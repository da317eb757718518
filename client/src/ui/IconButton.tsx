/** A square button showing only an icon; `label` is its accessible name and its tooltip. */
import type { ButtonHTMLAttributes, ReactNode, Ref } from "react";
import { Tooltip } from "./Tooltip";
import "./IconButton.css";

export interface IconButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, "children"> {
  readonly label: string;
  readonly children: ReactNode;
  readonly ref?: Ref<HTMLButtonElement>;
}

export function IconButton({ label, className, type, children, ...rest }: IconButtonProps) {
  return (
    <Tooltip content={label}>
      <button
        type={type ?? "button"}
        aria-label={label}
        className={`icon-btn${className ? ` ${className}` : ""}`}
        {...rest}
      >
        {children}
      </button>
    </Tooltip>
  );
}
