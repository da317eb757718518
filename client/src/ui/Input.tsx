/** Text inputs, text areas and selects share one control style; `invalid` marks a field with an error. */
import type { InputHTMLAttributes, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import "./Input.css";

const cls = (base: string, extra: string | undefined): string => (extra ? `${base} ${extra}` : base);

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  readonly ref?: Ref<HTMLInputElement>;
}

export function Input({ className, type, ...rest }: InputProps) {
  return <input type={type ?? "text"} className={cls("control", className)} {...rest} />;
}

export interface TextareaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  readonly ref?: Ref<HTMLTextAreaElement>;
}

export function Textarea({ className, ...rest }: TextareaProps) {
  return <textarea className={cls("control control-area", className)} {...rest} />;
}

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  readonly ref?: Ref<HTMLSelectElement>;
}

/** A native select (keyboard, screen readers and mobile pickers for free), styled like the inputs. */
export function Select({ className, ...rest }: SelectProps) {
  return <select className={cls("control control-select", className)} {...rest} />;
}
