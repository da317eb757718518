/**
 * Chooses the store and fan-out from the configuration: SQLite in DATA_DIR by default, PostgreSQL
 * with DATABASE_URL, Redis fan-out with REDIS_URL. A backend that cannot be reached at start is a
 * start-up error naming what to check, never a server that runs half-configured.
 */
import type { ServerConfig } from "./config";
import { RedisFanout } from "./fanout/RedisFanout";
import type { Store } from "./store/Store";
import { openPostgresStore, openSqliteStore } from "./store/sql/SqlStore";
import type { Fanout } from "./sync/Fanout";
import { consoleLogger, type Logger } from "./sync/logger";

export interface Backends {
  readonly store: Store;
  readonly fanout: Fanout | null;
  /** One line for the start-up log, e.g. "PostgreSQL postgres://db:5432/ach, Redis fan-out". */
  readonly description: string;
  /** Closes the fan-out, then the store. */
  close(): Promise<void>;
}

/** `postgres://user:secret@host/db` → `postgres://user@host/db`: URLs go into logs and errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}

export async function openBackends(
  config: Pick<ServerConfig, "dataDir" | "database" | "redis">,
  logger: Logger = consoleLogger,
): Promise<Backends> {
  let store: Store;
  let storeName: string;
  if (config.database === null) {
    store = await openSqliteStore({ location: { dataDir: config.dataDir } });
    storeName = `SQLite in ${config.dataDir}`;
  } else {
    const where = redactUrl(config.database.url);
    try {
      store = await openPostgresStore({
        connectionString: config.database.url,
        schema: config.database.schema,
      });
    } catch (error) {
      throw new Error(
        `cannot use PostgreSQL at ${where} (DATABASE_URL, schema "${config.database.schema}"): ` +
          `${(error as Error).message}. Check that PostgreSQL is running and reachable from this host, ` +
          "and that the URL's user, password and database exist.",
      );
    }
    storeName = `PostgreSQL ${where} (schema ${config.database.schema})`;
  }
  let fanout: Fanout | null = null;
  if (config.redis !== null) {
    const where = redactUrl(config.redis.url);
    try {
      fanout = await RedisFanout.connect({ url: config.redis.url, keyPrefix: config.redis.prefix, logger });
    } catch (error) {
      await store.close();
      throw new Error(
        `cannot reach Redis at ${where} (REDIS_URL): ${(error as Error).message}. ` +
          "Check that redis-server is running and reachable from this host, and the URL's password.",
      );
    }
  }
  const active = fanout;
  return {
    store,
    fanout: active,
    description:
      active === null ? storeName : `${storeName}, Redis fan-out ${redactUrl(config.redis?.url ?? "")}`,
    close: async () => {
      await active?.close();
      await store.close();
    },
  };
}
