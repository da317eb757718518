import { defineConfig } from "vitest/config";

// One runner, three projects: `npm test` runs them all; `test:unit|server|e2e` pick one.
export default defineConfig({
  test: {
    env: { TZ: "UTC" },
    projects: [
      { test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" } },
      {
        test: {
          name: "server",
          include: ["tests/server/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // One browser suite at a time: two cores, and each suite starts a server + Chromium.
          fileParallelism: false,
        },
      },
    ],
  },
});
