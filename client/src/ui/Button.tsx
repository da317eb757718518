/** Buttons: one look everywhere. `variant` says what the action is; `size="sm"` for dense toolbars and rows. */
import type { ButtonHTMLAttributes, Ref } from "react";
import "./Button.css";

export type ButtonVariant = "primary" | "secondary" | "ghost" | "danger";

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly variant?: ButtonVariant;
  readonly size?: "sm" | "md";
  readonly ref?: Ref<HTMLButtonElement>;
}

const VARIANT: Readonly<Record<ButtonVariant, string>> = {
  primary: "btn btn-primary",
  secondary: "btn",
  ghost: "btn btn-ghost",
  danger: "btn btn-danger",
};

/** The class list of a button, for links and triggers that must look like one. */
export const buttonClass = (variant: ButtonVariant = "secondary", size: "sm" | "md" = "md"): string =>
  `${VARIANT[variant]}${size === "sm" ? " btn-small" : ""}`;

export function Button({ variant = "secondary", size = "md", className, type, ...rest }: ButtonProps) {
  return (
    <button
      type={type ?? "button"}
      className={`${buttonClass(variant, size)}${className ? ` ${className}` : ""}`}
      {...rest}
    />
  );
}
