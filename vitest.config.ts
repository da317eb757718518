import { defineConfig } from "vitest/config";

// One runner, three projects: `npm test` runs them all; `test:unit|server|e2e` pick one.
export default defineConfig({
  test: {
    env: { TZ: "UTC" },
    // Two files at a time, browser suites included. Vitest's default on a 2-core machine is one
    // (cores - 1), but most of a browser or socket test's time is spent waiting on sync round trips,
    // not on CPU, so a second file fills the idle core. Every file starts its own server on a free
    // port and its own data directory or PostgreSQL schema/Redis prefix, so files never share state.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          // PDF rendering takes seconds when another file shares the cores; 5 s (the default) is tight.
          testTimeout: 20_000,
        },
      },
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
          globalSetup: ["tests/e2e/helpers/globalSetup.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
