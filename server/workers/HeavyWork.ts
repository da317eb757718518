/**
 * A small pool of worker threads for the heavy work (heavyTasks.ts), so one big export or JSON view
 * never stalls the rooms on the main thread. Each task has a deadline (the worker is terminated
 * when it passes) and each worker a heap cap; a full queue answers "busy" rather than piling up.
 */
import { Piscina } from "piscina";
import { AppError } from "../../shared/errors";
import { consoleLogger, type Logger } from "../sync/logger";
import type { HeavyResult, HeavyTask } from "./heavyTasks";

export interface HeavyWorkOptions {
  /** Worker threads (default 1: the machine's other core stays with the sync thread). */
  readonly maxThreads?: number;
  /**
   * Tasks waiting for a thread before new ones are refused with 503 `server_busy` (default 32: a
   * team's exports and diffs; identical "changed since approval" calls share one task).
   */
  readonly maxQueue?: number;
  /** Deadline of one task, queueing included (default 30 s); beyond it 503 `took_too_long`. */
  readonly timeoutMs?: number;
  /**
   * Deadline of a write (import, create, restore; default 120 s): an upload already received is
   * worth finishing, and it no longer holds up the rooms while it builds.
   */
  readonly writeTimeoutMs?: number;
  /** Heap of one worker (default 1024 MiB); beyond it 413 `too_much_memory`. */
  readonly maxMemoryMb?: number;
}

export const DEFAULT_MAX_QUEUE = 32;

const WORKER_FILE = new URL("./heavyWorker.mjs", import.meta.url).href;

const WRITE_KINDS: ReadonlySet<HeavyTask["kind"]> = new Set(["createAnalysis", "importFile", "restore"]);

/** What the user can try when `kind` hits a limit. */
function smaller(kind: HeavyTask["kind"]): string {
  if (kind === "createAnalysis" || kind === "importFile") return "try a smaller file";
  if (kind === "restore") return "try restoring one row or column";
  return "try a smaller export";
}

/** Maps the limits piscina and worker_threads reject with onto our typed errors; null for anything else. */
function limitError(error: unknown, timeoutMs: number, kind: HeavyTask["kind"]): AppError | null {
  const e = error as { name?: string; code?: string; message?: string };
  if (e?.name === "AbortError") {
    return new AppError(
      "took_too_long",
      `this took too long (over ${Math.round(timeoutMs / 1000)} s); ${smaller(kind)}`,
    );
  }
  if (e?.code === "ERR_WORKER_OUT_OF_MEMORY") {
    return new AppError("too_much_memory", `this needs too much memory; ${smaller(kind)}`);
  }
  return null;
}

/** The buffers `arrays` fill entirely: only those can move without taking a neighbour's bytes along (e.g. Buffer's pool). */
function wholeBuffers(arrays: readonly Uint8Array[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const array of arrays) {
    const { buffer } = array;
    if (buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === buffer.byteLength) {
      buffers.add(buffer);
    }
  }
  return [...buffers];
}

export class HeavyWork {
  private readonly pool: Piscina<HeavyTask, HeavyResult>;
  private readonly timeoutMs: number;
  private readonly writeTimeoutMs: number;
  /** Running and waiting tasks; piscina's own `maxQueue` does not count tasks that carry an AbortSignal. */
  private inFlight = 0;
  private readonly capacity: number;

  constructor(options: HeavyWorkOptions = {}, logger: Logger = consoleLogger) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 120_000;
    const maxThreads = options.maxThreads ?? 1;
    this.capacity = maxThreads + (options.maxQueue ?? DEFAULT_MAX_QUEUE);
    this.pool = new Piscina({
      filename: WORKER_FILE,
      minThreads: 0,
      maxThreads,
      // Workers start in ~0.4 s (tsx); keep them between bursts of exports.
      idleTimeout: 5 * 60_000,
      resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb ?? 1024 },
    });
    // A worker that dies outside a task (e.g. out of memory while starting) must not take the server down.
    this.pool.on("error", (error: Error) => logger.error("worker thread failed", { error: error.message }));
  }

  /**
   * Runs `task` in a worker; rejects with AppError (the task's own, or a limit that was hit).
   * `transfer`: bytes the caller owns and gives up, moved to the worker instead of copied.
   */
  async run(
    task: HeavyTask,
    transfer: readonly Uint8Array[] = [],
  ): Promise<Exclude<HeavyResult, { ok: false }>> {
    if (this.inFlight >= this.capacity) {
      throw new AppError("server_busy", "the server is busy; try again in a moment");
    }
    this.inFlight += 1;
    const timeoutMs = WRITE_KINDS.has(task.kind) ? this.writeTimeoutMs : this.timeoutMs;
    let result: HeavyResult;
    try {
      result = await this.pool.run(task, {
        signal: AbortSignal.timeout(timeoutMs),
        transferList: wholeBuffers(transfer),
      });
    } catch (error) {
      throw limitError(error, timeoutMs, task.kind) ?? error;
    } finally {
      this.inFlight -= 1;
    }
    if (!result.ok) throw new AppError(result.code, result.message);
    return result;
  }

  /** Tasks running or waiting for a thread (`/healthz`). */
  get tasks(): number {
    return this.inFlight;
  }

  /** The body of a task's result (UTF-8 for text). */
  async runBytes(task: HeavyTask, transfer: readonly Uint8Array[] = []): Promise<Uint8Array> {
    return (await this.run(task, transfer)).bytes;
  }

  /** A small JSON result, parsed (`ApprovalStatuses`); big bodies go out as bytes (`sendBytes`). */
  async runJson<T>(task: HeavyTask): Promise<T> {
    return JSON.parse(new TextDecoder().decode(await this.runBytes(task))) as T;
  }

  /** Stops the workers; running tasks are rejected. */
  close(): Promise<void> {
    return this.pool.destroy();
  }
}
