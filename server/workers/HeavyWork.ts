/**
 * A small pool of worker threads for the heavy work (heavyTasks.ts), so one big export or JSON view
 * never stalls the rooms on the main thread. Each task has a deadline counted from when it starts
 * running (the worker is terminated when it passes, so it frees its thread) and each worker a heap
 * cap. Tasks wait here, not in piscina, so that waiting is bounded separately, the next free thread
 * goes to the requester with the fewest running tasks, and one requester holds at most a few places:
 * one member's huge analysis cannot make everyone else's exports time out.
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
  /** Deadline of one task once it runs (default 30 s); beyond it 503 `took_too_long`. */
  readonly timeoutMs?: number;
  /** Longest wait for a free thread (default 45 s, over one deadline); beyond it 503 `server_busy`. */
  readonly queueTimeoutMs?: number;
  /** Tasks one requester (user) may have running or waiting (default 4); beyond it 429 `rate_limited`. */
  readonly maxPerRequester?: number;
  /**
   * Deadline of a write (import, create, restore; default 120 s): an upload already received is
   * worth finishing, and it no longer holds up the rooms while it builds.
   */
  readonly writeTimeoutMs?: number;
  /** Heap of one worker (default 1024 MiB); beyond it 413 `too_much_memory`. */
  readonly maxMemoryMb?: number;
  /** The worker's module (tests substitute one with tasks of known duration). */
  readonly workerFile?: string;
}

export interface RunOptions {
  /** Bytes the caller owns and gives up, moved to the worker instead of copied. */
  readonly transfer?: readonly Uint8Array[];
  /** Who asked (a user id), for the per-requester limit and fair turns; none for the server's own work. */
  readonly requester?: string;
}

interface Waiting {
  readonly requester: string;
  readonly start: () => void;
  refuse?: (error: AppError) => void;
  timer?: NodeJS.Timeout;
}

interface Held {
  running: number;
  total: number;
  lastStart: number;
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
  private readonly queueTimeoutMs: number;
  private readonly maxThreads: number;
  private readonly maxQueue: number;
  private readonly maxPerRequester: number;
  /** Tasks handed to piscina (never more than its threads, so its deadline counts running only). */
  private running = 0;
  /** Running and waiting tasks by requester, and when (in starts) it last got a thread. */
  private readonly held = new Map<string, Held>();
  private starts = 0;
  private readonly waiting: Waiting[] = [];

  constructor(options: HeavyWorkOptions = {}, logger: Logger = consoleLogger) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 120_000;
    this.queueTimeoutMs = options.queueTimeoutMs ?? 45_000;
    this.maxThreads = options.maxThreads ?? 1;
    this.maxQueue = options.maxQueue ?? DEFAULT_MAX_QUEUE;
    this.maxPerRequester = options.maxPerRequester ?? 4;
    this.pool = new Piscina({
      filename: options.workerFile ?? WORKER_FILE,
      minThreads: 0,
      maxThreads: this.maxThreads,
      // Workers start in ~0.4 s (tsx); keep them between bursts of exports.
      idleTimeout: 5 * 60_000,
      resourceLimits: { maxOldGenerationSizeMb: options.maxMemoryMb ?? 1024 },
    });
    // A worker that dies outside a task (e.g. out of memory while starting) must not take the server down.
    this.pool.on("error", (error: Error) => logger.error("worker thread failed", { error: error.message }));
  }

  /** Runs `task` in a worker; rejects with AppError (the task's own, or a limit that was hit). */
  async run(task: HeavyTask, options: RunOptions = {}): Promise<Exclude<HeavyResult, { ok: false }>> {
    const requester = options.requester ?? "";
    const timeoutMs = WRITE_KINDS.has(task.kind) ? this.writeTimeoutMs : this.timeoutMs;
    await this.turn(requester, timeoutMs);
    let result: HeavyResult;
    try {
      result = await this.pool.run(task, {
        signal: AbortSignal.timeout(timeoutMs),
        transferList: wholeBuffers(options.transfer ?? []),
      });
    } catch (error) {
      throw limitError(error, timeoutMs, task.kind) ?? error;
    } finally {
      this.release(requester);
    }
    if (!result.ok) throw new AppError(result.code, result.message);
    return result;
  }

  /** Resolves when a thread is this requester's; refuses when over its limit, the queue is full or the wait too long. */
  private turn(requester: string, timeoutMs: number): Promise<void> {
    const held = this.held.get(requester) ?? { running: 0, total: 0, lastStart: -1 };
    const retryAfter = Math.ceil(timeoutMs / 1000);
    if (requester !== "" && held.total >= this.maxPerRequester) {
      throw new AppError(
        "rate_limited",
        `you already have ${this.maxPerRequester} exports or views in progress; try again when they finish`,
        retryAfter,
      );
    }
    const free = this.running < this.maxThreads && this.waiting.length === 0;
    if (!free && this.waiting.length >= this.maxQueue) {
      throw new AppError("server_busy", "the server is busy; try again in a moment", retryAfter);
    }
    held.total += 1;
    this.held.set(requester, held);
    if (free) {
      this.claim(held);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry: Waiting = { requester, start: resolve };
      this.waiting.push(entry);
      entry.timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        this.forget(requester, 0);
        reject(
          new AppError(
            "server_busy",
            "the server is busy with other work; try again in a moment",
            retryAfter,
          ),
        );
      }, this.queueTimeoutMs);
      entry.refuse = reject;
    });
  }

  private claim(held: Held): void {
    held.running += 1;
    held.lastStart = this.starts++;
    this.running += 1;
  }

  /**
   * A task ended: its thread goes to the waiting requester with the fewest running tasks, and
   * among those the one served longest ago (a requester's queued tasks take turns with others').
   */
  private release(requester: string): void {
    this.running -= 1;
    this.forget(requester, 1);
    let next: { entry: Waiting; held: Held } | undefined;
    for (const entry of this.waiting) {
      const held = this.held.get(entry.requester);
      if (!held) continue;
      if (
        !next ||
        held.running < next.held.running ||
        (held.running === next.held.running && held.lastStart < next.held.lastStart)
      ) {
        next = { entry, held };
      }
    }
    if (!next) return;
    this.waiting.splice(this.waiting.indexOf(next.entry), 1);
    clearTimeout(next.entry.timer);
    this.claim(next.held);
    next.entry.start();
  }

  /** One task of `requester` left (`running`: 1 if it ran, 0 if it only waited). */
  private forget(requester: string, running: number): void {
    const held = this.held.get(requester);
    if (!held) return;
    held.running -= running;
    held.total -= 1;
    if (held.total === 0) this.held.delete(requester);
  }

  /** Tasks running or waiting for a thread (`/healthz`). */
  get tasks(): number {
    return this.running + this.waiting.length;
  }

  /** The body of a task's result (UTF-8 for text). */
  async runBytes(task: HeavyTask, options: RunOptions = {}): Promise<Uint8Array> {
    return (await this.run(task, options)).bytes;
  }

  /** A small JSON result, parsed (`ApprovalStatuses`); big bodies go out as bytes (`sendBytes`). */
  async runJson<T>(task: HeavyTask): Promise<T> {
    return JSON.parse(new TextDecoder().decode(await this.runBytes(task))) as T;
  }

  /** Stops the workers; running and waiting tasks are rejected. */
  close(): Promise<void> {
    for (const entry of this.waiting.splice(0)) {
      clearTimeout(entry.timer);
      entry.refuse?.(new AppError("server_busy", "the server is shutting down"));
    }
    return this.pool.destroy();
  }
}
