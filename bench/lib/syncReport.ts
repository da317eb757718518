/** Text table and ratio lines for the sync bench. */
import type { LoadResult, Scenario } from "./syncLoad";
import type { TargetName } from "./targets";

/** One server's outcome in one scenario: a result, or why it did not run. */
export interface ServerOutcome {
  readonly server: TargetName;
  readonly label: string;
  readonly result: LoadResult | null;
  readonly error: string | null;
}

const ms = (value: number | null) => (value === null ? "-" : value.toFixed(1));

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
    .join("  ");
}

/** Human description of a scenario, stating that the rate is per room. */
export function describeScenario(scenario: Scenario): string {
  const perClient = scenario.ratePerRoom / (scenario.clients / scenario.rooms);
  return (
    `${scenario.clients} clients / ${scenario.rooms} rooms (${scenario.clients / scenario.rooms} per room), ` +
    `${scenario.ratePerRoom} updates/s PER ROOM (${scenario.ratePerRoom * scenario.rooms} updates/s in total, ` +
    `${perClient.toFixed(2)}/s per client), ${scenario.durationSeconds} s measured after ${scenario.warmupSeconds} s warmup`
  );
}

/**
 * Says when the bench process, not the server, may have shaped the numbers: its own event loop lagged
 * a large part of the measured p99, or it could not keep up the requested send rate.
 */
export function clientBoundWarning(result: LoadResult, targetRate: number): string | null {
  const reasons: string[] = [];
  const p99 = result.latencyMs.p99;
  if (p99 !== null && result.clientLoopDelayP99Ms > 5 && result.clientLoopDelayP99Ms > p99 * 0.25) {
    reasons.push(
      `bench event-loop lag p99 ${result.clientLoopDelayP99Ms.toFixed(1)} ms vs latency p99 ${p99.toFixed(1)} ms`,
    );
  }
  if (result.achievedRatePerRoom < targetRate * 0.98) {
    reasons.push(`sent ${result.achievedRatePerRoom.toFixed(1)}/s per room of ${targetRate}/s`);
  }
  if (result.loadAverageAtStart > result.cores) {
    reasons.push(
      `machine load average ${result.loadAverageAtStart.toFixed(2)} at start on ${result.cores} cores`,
    );
  }
  return reasons.length === 0
    ? null
    : `client-side or machine contention, numbers less reliable (${reasons.join("; ")})`;
}

/** Renders the per-server table plus our p99 as a ratio to each reference. */
export function formatScenarioTable(outcomes: readonly ServerOutcome[], targetRate: number): string {
  const header = [
    "server",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "max ms",
    "rate/room",
    "delivered/expected",
    "converged",
    "late join",
    "drops",
    "srv CPU%",
    "srv MiB",
    "bench CPU%",
    "bench lag p99",
  ];
  const rows: string[][] = outcomes.map((outcome) => {
    const r = outcome.result;
    if (r === null) return [outcome.label, `not run: ${outcome.error ?? "unknown error"}`];
    const rooms = r.rooms;
    return [
      outcome.label,
      ms(r.latencyMs.p50),
      ms(r.latencyMs.p95),
      ms(r.latencyMs.p99),
      ms(r.latencyMs.max),
      r.achievedRatePerRoom.toFixed(1),
      `${r.deliveries}/${r.expectedDeliveries}`,
      `${r.convergedRooms}/${rooms}`,
      `${r.lateJoinConvergedRooms}/${rooms}`,
      `${r.unexpectedCloses}`,
      r.serverCpuPercent === null ? "-" : r.serverCpuPercent.toFixed(0),
      r.serverRssMiB === null ? "-" : r.serverRssMiB.toFixed(0),
      r.clientCpuPercent.toFixed(0),
      `${r.clientLoopDelayP99Ms.toFixed(1)} ms`,
    ];
  });
  const widths = header.map((title, i) =>
    Math.max(
      title.length,
      ...rows.filter((row) => row.length === header.length).map((row) => row[i]?.length ?? 0),
    ),
  );
  const lines = [pad(header, widths), widths.map((w) => "-".repeat(w)).join("  ")];
  for (const row of rows) lines.push(row.length === header.length ? pad(row, widths) : row.join("  "));

  for (const outcome of outcomes) {
    const warning = outcome.result === null ? null : clientBoundWarning(outcome.result, targetRate);
    if (warning !== null) lines.push(`warning (${outcome.label}): ${warning}`);
  }
  const ours = outcomes.find((outcome) => outcome.server === "ours")?.result?.latencyMs.p99 ?? null;
  for (const reference of outcomes) {
    if (reference.server === "ours") continue;
    const theirs = reference.result?.latencyMs.p99 ?? null;
    const ratio = ours === null || theirs === null || theirs === 0 ? "n/a" : `${(ours / theirs).toFixed(2)}×`;
    lines.push(`ours p99 / ${reference.label} p99 = ${ratio}`);
  }
  return lines.join("\n");
}
