// Piscina worker entry. The tasks are TypeScript, so they load through tsx (scoped to this import,
// whether or not the parent runs under tsx); piscina waits for the top-level await.
import { move, transferableSymbol, valueSymbol } from "piscina";
import { tsImport } from "tsx/esm/api";

const { runHeavyTask } = await tsImport("./heavyTasks.ts", import.meta.url);

/** Runs one task; result bytes are transferred to the main thread rather than copied. */
export default async function run(task) {
  const result = await runHeavyTask(task);
  const bytes = result.bytes;
  if (bytes === undefined || bytes.byteOffset !== 0 || bytes.byteLength !== bytes.buffer.byteLength) {
    return result;
  }
  return move({ [transferableSymbol]: bytes.buffer, [valueSymbol]: result });
}
