/** Round initials of everyone else here, in their presence colour; one per user even with several tabs. */
import type { PresenceUser } from "../hooks/usePresence";
import { initials } from "../lib/format";
import type { Identity } from "../lib/identity";

export function PresenceAvatars({
  me,
  others,
}: {
  readonly me: Identity;
  readonly others: readonly PresenceUser[];
}) {
  const unique = [...new Map(others.filter((o) => o.id !== me.userId).map((o) => [o.id, o])).values()];
  return (
    <ul className="avatars" aria-label="People here" data-testid="presence">
      <li className="avatar avatar-me" style={{ background: me.color }} title={`${me.name} (you)`}>
        <span aria-hidden="true">{initials(me.name)}</span>
        <span className="visually-hidden">{me.name} (you)</span>
      </li>
      {unique.map((o) => (
        <li
          key={o.id}
          className="avatar"
          style={{ background: o.color }}
          title={o.name}
          data-testid="presence-avatar"
        >
          <span aria-hidden="true">{initials(o.name) || "?"}</span>
          <span className="visually-hidden">{o.name}</span>
        </li>
      ))}
    </ul>
  );
}
