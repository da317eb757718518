// A stand-in for server/workers/heavyWorker.mjs with tasks of known duration, for HeavyWork's
// queueing tests: `spin` never ends (only its deadline stops it), anything else answers at once.
export default function run(task) {
  if (task.kind === "spin") for (;;);
  return { ok: true, bytes: new TextEncoder().encode(task.kind) };
}
