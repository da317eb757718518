/** One line per event; the app passes its own logger, tests a silent or capturing one. */
export interface Logger {
  info(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

const line = (message: string, fields?: Readonly<Record<string, unknown>>): string =>
  fields && Object.keys(fields).length > 0
    ? `[sync] ${message} ${JSON.stringify(fields)}`
    : `[sync] ${message}`;

export const consoleLogger: Logger = {
  info: (message, fields) => console.info(line(message, fields)),
  warn: (message, fields) => console.warn(line(message, fields)),
  error: (message, fields) => console.error(line(message, fields)),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
