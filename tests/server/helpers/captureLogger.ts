import type { Logger } from "../../../server/sync/logger";

export interface CapturedLogger extends Logger {
  readonly lines: string[];
}

/** A logger that keeps lines in memory so tests can assert on them without console noise. */
export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Readonly<Record<string, unknown>>): void => {
      lines.push(`${level} ${message}${fields ? ` ${JSON.stringify(fields)}` : ""}`);
    };
  return { lines, info: record("info"), warn: record("warn"), error: record("error") };
}
