/** What an empty list or view shows: what it is for and the next thing to do. */
import type { ReactNode } from "react";
import "./EmptyState.css";

export interface EmptyStateProps {
  readonly title: string;
  readonly children?: ReactNode;
  readonly action?: ReactNode;
  readonly icon?: ReactNode;
  readonly compact?: boolean;
  readonly testId?: string;
}

export function EmptyState({ title, children, action, icon, compact, testId }: EmptyStateProps) {
  return (
    <div className={`empty-state${compact ? " is-compact" : ""}`} data-testid={testId ?? "empty-state"}>
      {icon && (
        <div className="empty-icon" aria-hidden="true">
          {icon}
        </div>
      )}
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}
