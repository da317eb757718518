/**
 * A form field: visible label, optional hint, and an inline error in plain words. The control is
 * rendered by `children(props)`, which wires its id, `aria-describedby` and `aria-invalid`.
 */
import * as Label from "@radix-ui/react-label";
import { type ReactNode, useId } from "react";
import "./Field.css";

export interface ControlProps {
  readonly id: string;
  readonly "aria-invalid": boolean;
  readonly "aria-describedby"?: string;
}

export interface FieldProps {
  readonly label: ReactNode;
  readonly hint?: ReactNode;
  readonly error?: string | null;
  readonly className?: string;
  readonly children: (props: ControlProps) => ReactNode;
}

export function Field({ label, hint, error, className, children }: FieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : "", error ? `${id}-err` : ""].filter(Boolean).join(" ");
  return (
    <div className={`field${className ? ` ${className}` : ""}`}>
      <Label.Root htmlFor={id} className="field-label">
        {label}
      </Label.Root>
      {children({
        id,
        "aria-invalid": Boolean(error),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
      })}
      {hint && (
        <span id={`${id}-hint`} className="field-hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-err`} role="alert" className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A form's error or success line that is not tied to one field. */
export function FormMessage({
  tone,
  children,
}: {
  readonly tone: "error" | "ok";
  readonly children: ReactNode;
}) {
  return (
    <p role={tone === "error" ? "alert" : "status"} className={tone === "error" ? "form-error" : "form-ok"}>
      {children}
    </p>
  );
}
