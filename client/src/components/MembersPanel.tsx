/**
 * Who is in this analysis and in which role, as a header menu: the button shows my role to everyone;
 * the panel lists the members, and leads invite by user name, change roles and remove members.
 * The server enforces all of it.
 */
import { type FormEvent, useId, useState } from "react";
import { ROLES, type Role } from "../../../shared/accounts";
import { Button } from "../ui/Button";
import { Popover } from "../ui/Popover";
import "./members.css";
import {
  ApiError,
  inviteMember,
  type MemberInfo,
  type MembersState,
  removeMember,
  setMemberRole,
} from "../lib/api";

const ROLE_LABEL: Readonly<Record<Role, string>> = { lead: "Lead", analyst: "Analyst", viewer: "Viewer" };

export interface MembersPanelProps {
  readonly analysisId: string;
  readonly state: MembersState;
  readonly onChange: (members: readonly MemberInfo[]) => void;
}

export function MembersPanel({ analysisId, state, onChange }: MembersPanelProps) {
  const id = useId();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("analyst");
  const [error, setError] = useState<string | null>(null);
  const isLead = state.role === "lead";

  const act = async (change: () => Promise<readonly MemberInfo[]>): Promise<void> => {
    try {
      onChange(await change());
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "The change failed.");
    }
  };

  const invite = (e: FormEvent): void => {
    e.preventDefault();
    if (name.trim() === "") {
      setError("Type the user name of the person to invite.");
      return;
    }
    void act(async () => {
      const members = await inviteMember(analysisId, name.trim(), role);
      setName("");
      return members;
    });
  };

  return (
    <Popover
      label="Members"
      align="end"
      trigger={
        <Button data-testid="members-button">
          Members · <span data-testid="my-role">{ROLE_LABEL[state.role]}</span>
        </Button>
      }
    >
      <section className="members-panel" aria-labelledby={`${id}-h`} data-testid="members-panel">
        <h2 id={`${id}-h`}>Members</h2>
        <ul className="members">
          {state.members.map((m) => (
            <li key={m.userId} data-testid={`member-${m.name}`}>
              <span>{m.name}</span>{" "}
              {isLead && m.userId !== state.userId ? (
                <>
                  <label className="visually-hidden" htmlFor={`${id}-${m.userId}`}>
                    Role of {m.name}
                  </label>
                  <select
                    id={`${id}-${m.userId}`}
                    value={m.role}
                    onChange={(e) =>
                      void act(() => setMemberRole(analysisId, m.userId, e.target.value as Role))
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {ROLE_LABEL[r]}
                      </option>
                    ))}
                  </select>{" "}
                  <button
                    type="button"
                    className="btn btn-danger"
                    onClick={() => void act(() => removeMember(analysisId, m.userId))}
                  >
                    Remove
                  </button>
                </>
              ) : (
                <span className="badge badge-muted">{ROLE_LABEL[m.role]}</span>
              )}
            </li>
          ))}
        </ul>
        {isLead && (
          <form className="inline-form" onSubmit={invite} noValidate>
            <label htmlFor={`${id}-name`} className="field-label">
              User name to invite
            </label>
            <input
              id={`${id}-name`}
              type="text"
              placeholder="User name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <label htmlFor={`${id}-role`} className="field-label">
              Role
            </label>
            <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
            <button type="submit" className="btn">
              Invite
            </button>
          </form>
        )}
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
      </section>
    </Popover>
  );
}
