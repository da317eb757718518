/**
 * Admin CLI for operators and scripts: `npm run admin -- <command> …`. Works on the store the server
 * uses (the SQLite file in DATA_DIR, or PostgreSQL with DATABASE_URL), also while the server runs;
 * every change bumps the access-version setting, which running servers poll, so removals and
 * disables close live sync connections within a second.
 */
import { readFileSync } from "node:fs";
import { ROLES, type Role, roleSchema } from "../../shared/accounts";
import { AppError } from "../../shared/errors";
import { Accounts } from "../auth/Accounts";
import { loadConfig } from "../config";
import { openBackends } from "../openBackends";
import { STORE_MIGRATE_USAGE, storeMigrateCommand } from "../store/storeMigrateCommand";
import { consoleLogger } from "../sync/logger";

const USAGE = `Usage: npm run admin -- <command>

  user:create <name> [--admin]       create a user; the password is read from stdin
  user:password <name>               set a new password (from stdin); ends the user's sessions
  user:disable <name>                disable a user: sessions end, tokens stop working, sync closes
  user:enable <name>                 enable a disabled user again
  user:list                          list users
  token:create <name> [--label <text>] [--days <n>]
                                     create an API token for a user and print it (shown only once)
  member:add <analysisId> <name> <${ROLES.join("|")}>
                                     add a user to an analysis or change their role
  member:remove <analysisId> <name>  remove a user from an analysis
${STORE_MIGRATE_USAGE}

Environment: DATA_DIR (default ./data) or DATABASE_URL, the same store the server uses.`;

class UsageError extends Error {}

/** First line of stdin: scripts pipe the password in, so it never appears in argv or shell history. */
function readPassword(): string {
  if (process.stdin.isTTY) process.stderr.write("Password (then Enter, Ctrl-D): ");
  const input = readFileSync(0, "utf8");
  const line = input.split(/\r?\n/)[0] ?? "";
  if (line === "") throw new UsageError("no password on stdin");
  return line;
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}

async function run(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  const args = [...rest];
  if (command === undefined || command === "help" || command === "--help") {
    console.log(USAGE);
    return;
  }
  if (command === "store:migrate") {
    await storeMigrateCommand(args);
    return;
  }
  const backends = await openBackends({ ...loadConfig(), redis: null }, consoleLogger);
  const { store } = backends;
  const accounts = new Accounts(store);
  const userNamed = async (name: string | undefined) => {
    if (!name) throw new UsageError("give a user name");
    const user = await store.getUserByName(name);
    if (!user) throw new AppError("not_found", `no user named "${name}"`);
    return user;
  };
  try {
    switch (command) {
      case "user:create": {
        const admin = args.includes("--admin");
        const [name] = args.filter((a) => a !== "--admin");
        if (!name) throw new UsageError("give a user name");
        const user = await accounts.createUser({ name, password: readPassword(), admin });
        console.log(`created ${admin ? "admin " : ""}user ${user.name} (${user.id})`);
        return;
      }
      case "user:password": {
        const user = await userNamed(args[0]);
        await accounts.setPassword(user.id, readPassword());
        console.log(`password of ${user.name} changed; their sessions ended`);
        return;
      }
      case "user:disable":
      case "user:enable": {
        const user = await userNamed(args[0]);
        await accounts.setDisabled(user.id, command === "user:disable");
        console.log(`${command === "user:disable" ? "disabled" : "enabled"} ${user.name}`);
        return;
      }
      case "user:list": {
        for (const u of await store.listUsers()) {
          console.log(
            `${u.name}\t${u.id}\t${u.admin ? "admin" : "user"}\t${u.disabled ? "disabled" : "active"}`,
          );
        }
        return;
      }
      case "token:create": {
        const label = option(args, "--label") ?? "cli";
        const days = option(args, "--days");
        const user = await userNamed(args[0]);
        const expiresInDays = days === undefined ? null : Number(days);
        if (expiresInDays !== null && (!Number.isInteger(expiresInDays) || expiresInDays < 1)) {
          throw new UsageError("--days must be a positive integer");
        }
        const { token } = await accounts.createToken(user.id, label, expiresInDays);
        console.log(token);
        return;
      }
      case "member:add": {
        const [analysisId, name, roleArg] = args;
        const parsedRole = roleSchema.safeParse(roleArg);
        if (!parsedRole.success) throw new UsageError(`role must be one of ${ROLES.join(", ")}`);
        const role: Role = parsedRole.data;
        if (!analysisId || !(await store.getAnalysis(analysisId))) {
          throw new AppError("not_found", `no analysis "${analysisId ?? ""}"`);
        }
        const user = await userNamed(name);
        await store.setMember({ analysisId, userId: user.id, role });
        await accounts.bumpAccessVersion();
        console.log(`${user.name} is ${role} of ${analysisId}`);
        return;
      }
      case "member:remove": {
        const [analysisId, name] = args;
        const user = await userNamed(name);
        if (!analysisId || !(await store.removeMember(analysisId, user.id))) {
          throw new AppError("not_found", `${user.name} is not a member of "${analysisId ?? ""}"`);
        }
        await accounts.bumpAccessVersion();
        console.log(`removed ${user.name} from ${analysisId}`);
        return;
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await backends.close();
  }
}

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
});
