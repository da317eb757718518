/**
 * Drives one load scenario against one running server: N clients over R rooms, a fixed update rate per
 * room sent round-robin by the room's clients, every other client in the room timing each update's
 * arrival. All clients live in this process so one monotonic clock (performance.now) serves both ends.
 */
import { availableParallelism, loadavg } from "node:os";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import type * as Y from "yjs";
import { encodeStateVector } from "yjs";
import { type LatencySummary, SampleBuffer, summarize } from "./percentiles";
import { type RoomAddress, SyncClient } from "./SyncClient";
import type { RunningTarget } from "./targets";

/** One load shape; `ratePerRoom` is updates per second per room, shared by the room's clients. */
export interface Scenario {
  readonly clients: number;
  readonly rooms: number;
  readonly ratePerRoom: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
}

/** What one server did under one scenario. */
export interface LoadResult {
  readonly latencyMs: LatencySummary;
  /** Updates sent in the measured window. */
  readonly sent: number;
  readonly achievedRatePerRoom: number;
  /** Sent × (clients in room − 1): every other client should receive every update. */
  readonly expectedDeliveries: number;
  readonly deliveries: number;
  readonly rooms: number;
  /** Rooms whose clients ended with equal state vectors and equal content. */
  readonly convergedRooms: number;
  /** Rooms where a client joining after the run synced to the same state as the room. */
  readonly lateJoinConvergedRooms: number;
  readonly unexpectedCloses: number;
  readonly connectSeconds: number;
  readonly quiesceSeconds: number;
  /** Event-loop delay p99 of this (client) process while measuring: high means the bench itself lags. */
  readonly clientLoopDelayP99Ms: number;
  /** CPU of this (client) process while measuring, in % of one core. */
  readonly clientCpuPercent: number;
  /** CPU of the server process while measuring, in % of one core; null where /proc is missing. */
  readonly serverCpuPercent: number | null;
  /** The same as CPU seconds (user + system) over the measured window. */
  readonly serverCpuSeconds: number | null;
  readonly measuredSeconds: number;
  readonly serverRssMiB: number | null;
  /** 1-minute load average when the measured window began: other work on the machine skews results. */
  readonly loadAverageAtStart: number;
  readonly cores: number;
}

interface Room {
  readonly index: number;
  readonly address: RoomAddress;
  readonly clients: SyncClient[];
  nextSender: number;
  nextDue: number;
}

const MAP_NAME = "bench";
const CONNECT_CONCURRENCY = 20;
const CONNECT_TIMEOUT_MS = 20_000;
const QUIESCE_IDLE_MS = 2_000;
const QUIESCE_MAX_MS = 30_000;
/** A room more than this many intervals behind drops the missed sends instead of bursting them. */
const MAX_CATCH_UP_INTERVALS = 5;
const LOOP_DELAY_RESOLUTION_MS = 20;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function connectAll(clients: readonly SyncClient[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < clients.length) {
      const client = clients[next++];
      if (client !== undefined) await client.connect(CONNECT_TIMEOUT_MS);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, clients.length) }, worker));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Order-independent content fingerprint of the bench map: keys and values sorted. */
function contentFingerprint(doc: Y.Doc): string {
  const entries = [...doc.getMap<number>(MAP_NAME).entries()];
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

function docsAgree(docs: readonly Y.Doc[]): boolean {
  const first = docs[0];
  if (first === undefined) return true;
  const vector = encodeStateVector(first);
  const content = contentFingerprint(first);
  return docs.every(
    (doc) => sameBytes(encodeStateVector(doc), vector) && contentFingerprint(doc) === content,
  );
}

/** Runs the scenario against `target` and closes every client it opened. */
export async function runLoad(
  target: RunningTarget,
  scenario: Scenario,
  token: string | undefined,
): Promise<LoadResult> {
  const addresses = await target.createRooms(scenario.rooms);
  const rooms: Room[] = addresses.map((address, index) => ({
    index,
    address,
    clients: [],
    nextSender: 0,
    nextDue: 0,
  }));
  const allClients: SyncClient[] = [];
  for (let i = 0; i < scenario.clients; i++) {
    const room = rooms[i % rooms.length];
    if (room === undefined) continue;
    const address = target.clientAddress?.(room.address, room.clients.length) ?? room.address;
    const client = new SyncClient(address, target.framing, token);
    room.clients.push(client);
    allClients.push(client);
  }

  const latencies = new SampleBuffer();
  let measureStart = Number.POSITIVE_INFINITY;
  let measureEnd = Number.POSITIVE_INFINITY;
  let deliveries = 0;
  let lastDeliveryAt = performance.now();
  for (const client of allClients) {
    const map = client.doc.getMap<number>(MAP_NAME);
    map.observe((event) => {
      if (event.transaction.local) return;
      const now = performance.now();
      lastDeliveryAt = now;
      for (const key of event.keysChanged) {
        const sentAt = map.get(key);
        if (sentAt === undefined || sentAt < measureStart || sentAt > measureEnd) continue;
        deliveries++;
        latencies.push(now - sentAt);
      }
    });
  }

  const lateJoiners: SyncClient[] = [];
  try {
    const connectStart = performance.now();
    await connectAll(allClients);
    const connectSeconds = (performance.now() - connectStart) / 1000;

    // Send loop: each room has its own phase so rooms do not fire in lockstep.
    const interval = 1000 / scenario.ratePerRoom;
    const loopStart = performance.now();
    rooms.forEach((room, index) => {
      room.nextDue = loopStart + (interval * index) / rooms.length;
    });
    let sent = 0;
    let expectedDeliveries = 0;
    let sending = true;
    let seq = 0;
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      if (!sending) return;
      const now = performance.now();
      let earliest = Number.POSITIVE_INFINITY;
      for (const room of rooms) {
        if (room.nextDue < now - interval * MAX_CATCH_UP_INTERVALS) room.nextDue = now;
        while (room.nextDue <= now) {
          const slot = room.nextSender++ % room.clients.length;
          const client = room.clients[slot];
          room.nextDue += interval;
          if (client === undefined) continue;
          const sentAt = performance.now();
          // Key = sender + sequence number, value = send time: receivers need no parsing to time it.
          client.doc.getMap<number>(MAP_NAME).set(`${room.index}.${slot}:${seq++}`, sentAt);
          if (sentAt >= measureStart) {
            sent++;
            expectedDeliveries += room.clients.length - 1;
          }
        }
        earliest = Math.min(earliest, room.nextDue);
      }
      timer = setTimeout(tick, Math.max(0, earliest - performance.now()));
    };
    tick();

    await sleep(scenario.warmupSeconds * 1000);
    const loopDelay = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
    loopDelay.enable();
    const cpuBefore = process.cpuUsage();
    const serverCpuBefore = target.server.cpuSeconds();
    const loadAverageAtStart = loadavg()[0] ?? 0;
    measureStart = performance.now();
    await sleep(scenario.durationSeconds * 1000);
    sending = false;
    clearTimeout(timer);
    measureEnd = performance.now();
    const measuredSeconds = (measureEnd - measureStart) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const serverCpuAfter = target.server.cpuSeconds();
    loopDelay.disable();

    // Quiescence: everything delivered, or nothing arrived for a while, or a hard cap.
    const quiesceStart = performance.now();
    while (
      deliveries < expectedDeliveries &&
      performance.now() - lastDeliveryAt < QUIESCE_IDLE_MS &&
      performance.now() - quiesceStart < QUIESCE_MAX_MS
    ) {
      await sleep(50);
    }
    const quiesceSeconds = (performance.now() - quiesceStart) / 1000;

    let convergedRooms = 0;
    for (const room of rooms) if (docsAgree(room.clients.map((client) => client.doc))) convergedRooms++;

    // A fresh client per room checks the server's own copy matches what the clients converged on.
    let lateJoinConvergedRooms = 0;
    for (const room of rooms) {
      const late = new SyncClient(room.address, target.framing, token);
      lateJoiners.push(late);
      try {
        await late.connect(CONNECT_TIMEOUT_MS);
        const first = room.clients[0];
        if (first !== undefined && docsAgree([first.doc, late.doc])) lateJoinConvergedRooms++;
      } catch {
        // Counted as not converged.
      }
    }

    const result: LoadResult = {
      latencyMs: summarize(latencies),
      sent,
      achievedRatePerRoom: sent / measuredSeconds / rooms.length,
      expectedDeliveries,
      deliveries,
      convergedRooms,
      rooms: rooms.length,
      lateJoinConvergedRooms,
      unexpectedCloses: allClients.filter((client) => client.unexpectedClose !== null).length,
      connectSeconds,
      quiesceSeconds,
      // The histogram records whole timer intervals; subtract the interval to keep only the lag.
      clientLoopDelayP99Ms: Math.max(0, loopDelay.percentile(99) / 1e6 - LOOP_DELAY_RESOLUTION_MS),
      clientCpuPercent: ((cpu.user + cpu.system) / 1e6 / measuredSeconds) * 100,
      serverCpuPercent:
        serverCpuBefore === null || serverCpuAfter === null
          ? null
          : ((serverCpuAfter - serverCpuBefore) / measuredSeconds) * 100,
      serverCpuSeconds:
        serverCpuBefore === null || serverCpuAfter === null ? null : serverCpuAfter - serverCpuBefore,
      measuredSeconds,
      serverRssMiB: target.server.rssMiB(),
      loadAverageAtStart,
      cores: availableParallelism(),
    };
    return result;
  } finally {
    for (const client of [...allClients, ...lateJoiners]) client.close();
  }
}
