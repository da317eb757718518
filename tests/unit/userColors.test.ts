import { describe, expect, it } from "vitest";
import { inkOn, luminance } from "../../client/src/lib/contrast";
import { MARK_FILL } from "../../client/src/lib/otherMarks";
import { distinctColors, USER_COLORS, userColor } from "../../shared/accounts";

const contrast = (a: string, b: string): number => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

/** CIELAB (D65) of `#rrggbb`, for the CIE76 colour difference. */
function lab(hex: string): [number, number, number] {
  const lin = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const [r, g, b] = lin;
  const f = (t: number): number => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

const deltaE = (a: string, b: string): number => {
  const [p, q] = [lab(a), lab(b)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
};

const LIGHT_SURFACE = "#ffffff";
const DARK_SURFACE = "#171a21";

describe("presence colours", () => {
  it("differ clearly from one another (CIE76 ΔE ≥ 25 for every pair)", () => {
    for (const [i, a] of USER_COLORS.entries())
      for (const b of USER_COLORS.slice(i + 1))
        expect(deltaE(a, b), `${a} vs ${b}`).toBeGreaterThanOrEqual(25);
  });

  it("stand out on both themes' surface and carry a readable name tag", () => {
    for (const c of USER_COLORS) {
      expect(contrast(c, LIGHT_SURFACE), c).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c, DARK_SURFACE), c).toBeGreaterThanOrEqual(3);
      expect(contrast(c, inkOn(c)), c).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("stay distinct from the strong rating colours they outline", () => {
    for (const c of USER_COLORS)
      for (const fill of [MARK_FILL.CC, MARK_FILL.II])
        expect(deltaE(c, fill), `${c} on ${fill}`).toBeGreaterThanOrEqual(15);
  });

  it("are the same for a user everywhere, from the palette", () => {
    expect(userColor("u-ann")).toBe(userColor("u-ann"));
    expect(USER_COLORS).toContain(userColor("u-ann"));
  });

  it("never give two people present together the same colour while colours last", () => {
    // Ids whose own colours collide are common: 8 colours, 3 people collide a third of the time.
    const ids = Array.from({ length: 8 }, (_, i) => `user-${i * 7}`);
    const colors = distinctColors(ids);
    expect(new Set(colors.values()).size).toBe(8);
    // Order does not matter: every client computes the same assignment.
    expect([...distinctColors([...ids].reverse())].sort()).toEqual([...colors].sort());
    // Someone alone keeps their own colour.
    expect(distinctColors(["u-ann"]).get("u-ann")).toBe(userColor("u-ann"));
  });
});
