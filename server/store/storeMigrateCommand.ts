/**
 * `npm run admin -- store:migrate --from sqlite:<dir> --to postgres://… [--schema <name>]`: copies a
 * store into another with migrateStore. Run it with the servers stopped so nothing is written meanwhile.
 */
import { redactUrl } from "../openBackends";
import { migrateStore } from "./migrateStore";
import type { Store } from "./Store";
import { openPostgresStore, openSqliteStore } from "./sql/SqlStore";

export const STORE_MIGRATE_USAGE = `  store:migrate --from sqlite:<dir> --to postgres://user@host/db [--schema <name>]
                                     copy every analysis, document, account and setting into an
                                     empty store (stop the servers first); --schema: PostgreSQL schema`;

/** `sqlite:<dir>` or `postgres://…` / `postgresql://…`. */
async function openStore(spec: string, schema: string): Promise<{ store: Store; label: string }> {
  if (spec.startsWith("sqlite:")) {
    const dataDir = spec.slice("sqlite:".length);
    if (dataDir === "") throw new Error("sqlite: needs a directory, e.g. sqlite:./data");
    return { store: await openSqliteStore({ location: { dataDir } }), label: `SQLite in ${dataDir}` };
  }
  if (/^postgres(ql)?:\/\//.test(spec)) {
    return {
      store: await openPostgresStore({ connectionString: spec, schema }),
      label: `PostgreSQL ${redactUrl(spec)} (schema ${schema})`,
    };
  }
  throw new Error(`unknown store "${spec}": use sqlite:<dir> or postgres://…`);
}

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

/** Parses the arguments, copies, and prints what was copied. */
export async function storeMigrateCommand(args: readonly string[]): Promise<void> {
  const from = flag(args, "--from");
  const to = flag(args, "--to");
  if (from === undefined || to === undefined)
    throw new Error(`store:migrate needs --from and --to\n${STORE_MIGRATE_USAGE}`);
  const schema = flag(args, "--schema") ?? process.env.DATABASE_SCHEMA ?? "public";
  const source = await openStore(from, schema);
  try {
    const target = await openStore(to, schema);
    try {
      console.log(`copying ${source.label} → ${target.label}`);
      const report = await migrateStore(source.store, target.store, (line) => console.log(`  ${line}`));
      const counts = Object.entries(report)
        .map(([what, count]) => `${count} ${what}`)
        .join(", ");
      console.log(`done: ${counts}`);
    } finally {
      await target.store.close();
    }
  } finally {
    await source.store.close();
  }
}
