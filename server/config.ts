/** Server configuration from the environment, validated once at start with clear messages. */
import { resolve } from "node:path";
import { z } from "zod";
import { Limits } from "../shared/limits";
import { type AttachmentLimits, DEFAULT_ATTACHMENT_LIMITS } from "./attachments/attachmentLimits";
import { DEFAULT_MAX_QUEUE, type HeavyWorkOptions } from "./workers/HeavyWork";

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).default(Limits.maxMessageBytes),
  MAX_JSON_BYTES: z.coerce.number().int().min(1024).default(Limits.maxJsonBodyBytes),
  /** Milliseconds an empty room stays loaded before it unloads. */
  ROOM_IDLE_MS: z.coerce.number().int().min(0).default(30_000),
  /** Multi-instance mode: PostgreSQL instead of the SQLite file, Redis fan-out between instances. */
  DATABASE_URL: z.string().url().optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/)
    .default("public"),
  REDIS_URL: z.string().url().optional(),
  REDIS_PREFIX: z.string().default("ach:"),
  /** Reverse-proxy hops to trust for X-Forwarded-Proto/-For/-Host (0: none; 1: one proxy in front). */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Worker threads for exports, JSON views, diffs and compaction (see server/workers/HeavyWork.ts). */
  WORKER_THREADS: z.coerce.number().int().min(1).max(64).default(1),
  WORKER_QUEUE: z.coerce.number().int().min(0).default(DEFAULT_MAX_QUEUE),
  WORKER_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  WORKER_MAX_MEMORY_MB: z.coerce.number().int().min(64).default(1024),
  WORKER_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(100).default(45_000),
  WORKER_TASKS_PER_USER: z.coerce.number().int().min(1).default(4),
  /** Largest attachment file, and the total of one analysis's attachments (bytes). */
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_ATTACHMENT_LIMITS.maxFileBytes),
  ANALYSIS_ATTACHMENTS_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(DEFAULT_ATTACHMENT_LIMITS.maxAnalysisBytes),
  /** Skip creating the sample analysis on an empty store. */
  NO_SAMPLE: z
    .enum(["0", "1", "true", "false", ""])
    .default("")
    .transform((v) => v === "1" || v === "true"),
  /** Set by `npm run bench`: content documents also accept the benchmark's `bench` map. */
  BENCH: z
    .enum(["0", "1", ""])
    .default("")
    .transform((v) => v === "1"),
});

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly maxMessageBytes: number;
  readonly maxJsonBytes: number;
  readonly roomIdleMs: number;
  readonly seedSample: boolean;
  /** Proxy hops trusted for the client's protocol, address and host (Secure cookies, rate limits, Origin). */
  readonly trustProxy: number;
  /** PostgreSQL store (`DATABASE_URL`, tables in `DATABASE_SCHEMA`); null: SQLite in `dataDir`. */
  readonly database: { readonly url: string; readonly schema: string } | null;
  /** Redis fan-out (`REDIS_URL`, channels prefixed `REDIS_PREFIX`); null: a single instance. */
  readonly redis: { readonly url: string; readonly prefix: string } | null;
  /**
   * The worker-thread pool: `WORKER_THREADS`, `WORKER_QUEUE`, `WORKER_TIMEOUT_MS`, `WORKER_MAX_MEMORY_MB`,
   * `WORKER_QUEUE_TIMEOUT_MS`, `WORKER_TASKS_PER_USER`.
   */
  readonly heavyWork: HeavyWorkOptions;
  /** `ATTACHMENT_MAX_BYTES` per file, `ANALYSIS_ATTACHMENTS_MAX_BYTES` per analysis. */
  readonly attachments: AttachmentLimits;
  /** Benchmark mode (`BENCH=1`): the sync benchmark's `bench` map passes admission. */
  readonly bench?: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    maxJsonBytes: e.MAX_JSON_BYTES,
    roomIdleMs: e.ROOM_IDLE_MS,
    seedSample: !e.NO_SAMPLE,
    trustProxy: e.TRUST_PROXY,
    database: e.DATABASE_URL ? { url: e.DATABASE_URL, schema: e.DATABASE_SCHEMA } : null,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.REDIS_PREFIX } : null,
    heavyWork: {
      maxThreads: e.WORKER_THREADS,
      maxQueue: e.WORKER_QUEUE,
      timeoutMs: e.WORKER_TIMEOUT_MS,
      maxMemoryMb: e.WORKER_MAX_MEMORY_MB,
      queueTimeoutMs: e.WORKER_QUEUE_TIMEOUT_MS,
      maxPerRequester: e.WORKER_TASKS_PER_USER,
    },
    attachments: {
      maxFileBytes: e.ATTACHMENT_MAX_BYTES,
      maxAnalysisBytes: e.ANALYSIS_ATTACHMENTS_MAX_BYTES,
    },
    bench: e.BENCH,
  };
}
