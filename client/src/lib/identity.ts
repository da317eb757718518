/** The local identity (until accounts exist): a random user id, a display name and a presence colour. */
import { z } from "zod";
import { Limits } from "../../../shared/limits";
import { newId } from "../../../shared/schema/ids";

export const displayNameSchema = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(Limits.displayNameMaxLength);

const identitySchema = z.object({
  userId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: displayNameSchema,
  color: z.string().regex(/^#[0-9a-f]{6}$/i),
});

export type Identity = Readonly<z.infer<typeof identitySchema>>;

/** Distinct, saturated colours that stay legible as outlines on the rating palette. */
export const PRESENCE_COLORS = [
  "#7b2cbf",
  "#d62976",
  "#0f9d58",
  "#e07b00",
  "#008b8b",
  "#5c6bc0",
  "#8d6e63",
  "#c2185b",
] as const;

export const IDENTITY_KEY = "ach.identity";

export function parseIdentity(raw: string | null): Identity | null {
  if (raw === null) return null;
  try {
    const r = identitySchema.safeParse(JSON.parse(raw));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** A fresh identity, or the old one renamed (the user id never changes: ratings documents hang off it). */
export function withName(
  previous: Identity | null,
  name: string,
  random: () => number = Math.random,
): Identity {
  const valid = displayNameSchema.parse(name);
  if (previous) return { ...previous, name: valid };
  const color = PRESENCE_COLORS[Math.floor(random() * PRESENCE_COLORS.length)] ?? PRESENCE_COLORS[0];
  return { userId: newId("u"), name: valid, color };
}
