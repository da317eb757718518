/** The signed-out frame (login, first-run setup): the brand above one centred card. */
import type { ReactNode } from "react";
import "./auth.css";

export function AuthCard({
  title,
  intro,
  children,
}: {
  readonly title: string;
  readonly intro?: ReactNode;
  readonly children: ReactNode;
}) {
  return (
    <main className="welcome">
      <div className="welcome-inner">
        <p className="welcome-brand">
          <span className="brand-mark" aria-hidden="true">
            ACH
          </span>
          Workspace
        </p>
        <section className="card welcome-card" aria-labelledby="welcome-title">
          <h1 id="welcome-title">{title}</h1>
          {intro && <p className="welcome-intro">{intro}</p>}
          {children}
        </section>
      </div>
    </main>
  );
}
