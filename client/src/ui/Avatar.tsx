/** A person's initials on their colour (ink picked for contrast), alone or as an overlapping stack. */
import { inkOn } from "../lib/contrast";
import { initials } from "../lib/format";
import "./Avatar.css";

export interface AvatarPerson {
  readonly name: string;
  readonly color: string;
}

export function Avatar({
  person,
  size = "md",
}: {
  readonly person: AvatarPerson;
  readonly size?: "sm" | "md";
}) {
  return (
    <span
      className={`avatar${size === "sm" ? " avatar-sm" : ""}`}
      style={{ background: person.color, color: inkOn(person.color) }}
      aria-hidden="true"
    >
      {initials(person.name)}
    </span>
  );
}

/** Up to `max` avatars, then "+n"; the list's accessible name says who is in it. */
export function AvatarStack({
  people,
  max = 4,
  label,
}: {
  readonly people: readonly AvatarPerson[];
  readonly max?: number;
  readonly label: string;
}) {
  const shown = people.slice(0, max);
  const more = people.length - shown.length;
  return (
    <span className="avatar-stack" role="img" aria-label={label} title={people.map((p) => p.name).join(", ")}>
      {shown.map((p) => (
        <Avatar key={`${p.name}${p.color}`} person={p} size="sm" />
      ))}
      {more > 0 && <span className="avatar avatar-sm avatar-more">+{more}</span>}
    </span>
  );
}
