/**
 * Hocuspocus reference server for the sync bench: @hocuspocus/server 3 with the SQLite extension on a
 * file, default debounce (2 s / max 10 s) as a user of Hocuspocus would run it.
 * Env: PORT (required), HOCUSPOCUS_DB (SQLite file path, required). Plain JavaScript: its packages
 * live in bench/references/node_modules, installed by the bench, outside the app's type check.
 */
import { SQLite } from "@hocuspocus/extension-sqlite";
import { Server } from "@hocuspocus/server";

const port = Number(process.env.PORT);
const database = process.env.HOCUSPOCUS_DB;
if (!Number.isInteger(port) || port <= 0 || database === undefined || database === "") {
  console.error("hocuspocusServer: set PORT and HOCUSPOCUS_DB");
  process.exit(2);
}

const server = new Server({
  port,
  address: "127.0.0.1",
  quiet: true,
  stopOnSignals: true,
  extensions: [new SQLite({ database })],
});

await server.listen();
console.log(`hocuspocus listening on 127.0.0.1:${port} (sqlite ${database})`);
