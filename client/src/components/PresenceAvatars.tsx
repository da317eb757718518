/** Round initials of everyone else here, in their presence colour; one per user even with several tabs. */
import type { PresenceUser } from "../hooks/usePresence";
import { inkOn } from "../lib/contrast";
import { initials } from "../lib/format";
import type { Identity } from "../lib/identity";
import "../ui/Avatar.css";

export function PresenceAvatars({
  me,
  others,
}: {
  readonly me: Identity;
  readonly others: readonly PresenceUser[];
}) {
  // One avatar per person; a person is idle only when every one of their tabs is.
  const byId = new Map<string, PresenceUser>();
  for (const o of others) {
    if (o.id === me.userId) continue;
    const seen = byId.get(o.id);
    byId.set(o.id, seen ? { ...seen, idle: seen.idle && o.idle } : o);
  }
  const unique = [...byId.values()];
  const count = unique.length + 1;
  return (
    <div className="presence">
      <span className="here-count" data-testid="people-here">
        {count === 1 ? "Only you here" : `${count} people here`}
      </span>
      <ul className="avatars" aria-label="People here" data-testid="presence">
        <li
          className="avatar avatar-me"
          style={{ background: me.color, color: inkOn(me.color) }}
          title={`${me.name} (you)`}
        >
          <span aria-hidden="true">{initials(me.name)}</span>
          <span className="visually-hidden">{me.name} (you)</span>
        </li>
        {unique.map((o) => (
          <li
            key={o.id}
            className={`avatar ${o.idle ? "is-idle" : ""}`}
            style={{ background: o.color, color: inkOn(o.color) }}
            title={o.idle ? `${o.name} (idle)` : o.name}
            data-testid="presence-avatar"
            data-idle={o.idle}
          >
            <span aria-hidden="true">{initials(o.name) || "?"}</span>
            <span className="visually-hidden">
              {o.name}
              {o.idle ? " (idle)" : ""}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
