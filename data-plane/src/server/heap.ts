/**
 * The size of V8's young generation for a server with tiering on.
 *
 * V8 doubles each of the two semi-spaces of the young generation, from 1 MiB up to 16 MiB (64-bit
 * default of --max-semi-space-size), whenever more than its capacity survived scavenges since the last
 * growth, and keeps it while allocation goes on. With tiering, values live a few milliseconds (a write
 * until its stash completes, a read until its command ran), so the young generation grows to the maximum:
 * 32 MiB of RSS above used_memory, and a scavenge that may copy up to 16 MiB of live values (one
 * event-loop stall). The maximum is read only when the isolate is created (a flag given to `node`
 * itself, which the agent, the tests and users do not pass), but the growth factor is read at each
 * growth: bin/strata-server.js sets --semi-space-growth-factor=1 before anything is allocated (the
 * semi-spaces stay at 1 MiB), then capYoungGeneration() lets them double (factor 2) after each
 * scavenge until they reach YOUNG_SEMI_SPACE_CAP, and releaseYoungGeneration() gives V8 its default
 * back (servers without tiering). A growth needs as many bytes to survive since the previous one as the
 * current capacity, so overshooting the cap would need one event-loop turn to keep more than 4 MiB of
 * new objects alive; nothing in the server does that.
 *
 * Node flags given explicitly (--max-semi-space-size, --min-semi-space-size,
 * --semi-space-growth-factor on the command line or in NODE_OPTIONS) win: nothing is changed then.
 *
 * The old generation: values moving between RAM and disk leave dead strings that V8 keeps until its
 * allocation limit, which it sets after each major collection to about twice the live heap (up to
 * 4×): RSS would grow with the data in RAM, not by a fixed overhead. boundOldGeneration() sets
 * --heap-growing-percent (read each time V8 computes the limit) after every major collection so
 * that the next limit is the live heap plus OLD_GARBAGE_MAX. V8 then starts its incremental,
 * concurrent marking ahead of the limit and ends it with a short pause. (A collection started from
 * JavaScript, gc({type: 'major', execution: 'async'}), is not incremental on Node 20: it runs as one
 * atomic mark-compact of 30 ms and more at 90 MiB of heap, measured with --trace-gc.)
 */
import fs from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import { PerformanceObserver, constants } from 'node:perf_hooks';

/** Semi-space size the young generation may grow to with tiering on (measured: docs/benchmarks.md). */
export const YOUNG_SEMI_SPACE_CAP = 4 * 1024 * 1024;
/** V8's default --semi-space-growth-factor. */
const V8_GROWTH_FACTOR = 2;
/**
 * Dead bytes the old generation may hold before V8's next major collection (tiering on). Measured at
 * maxmemory 256 MiB (docs/benchmarks.md): 32 MiB left peak RSS 8% over the documented overhead with
 * about 45 major collections in a bench run, 24 MiB 4% with 76, 16 MiB within it with 128.
 */
export const OLD_GARBAGE_MAX = 16 * 1024 * 1024;

let factor = -1;
let observer: PerformanceObserver | null = null;
let growingPercent = -1;
let majorCollections = 0;
let oldObserver: PerformanceObserver | null = null;

/** Whether the young generation's size was set with node flags (then it is left alone). */
export function youngGenerationFlagsGiven(): boolean {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return args.some((a) =>
    /^--(max|min)[-_]semi[-_]space[-_]size|^--semi[-_]space[-_]growth[-_]factor/.test(a),
  );
}

/** Bytes of the young generation now (both semi-spaces). */
export function youngGenerationBytes(): number {
  for (const s of v8.getHeapSpaceStatistics()) if (s.space_name === 'new_space') return s.space_size;
  return 0;
}

function setGrowthFactor(f: number): void {
  if (f === factor) return;
  factor = f;
  v8.setFlagsFromString(`--semi-space-growth-factor=${f}`);
}

/** Keeps the semi-spaces at or under `cap` bytes (see the header); checked after every collection. */
export function capYoungGeneration(cap = YOUNG_SEMI_SPACE_CAP): void {
  if (youngGenerationFlagsGiven()) return;
  const adjust = () => setGrowthFactor(youngGenerationBytes() / 2 < cap ? V8_GROWTH_FACTOR : 1);
  adjust();
  if (observer !== null) observer.disconnect();
  observer = new PerformanceObserver(adjust);
  observer.observe({ entryTypes: ['gc'] });
}

/** V8's default growth of the young generation (undoes the launcher's setting). */
export function releaseYoungGeneration(): void {
  if (youngGenerationFlagsGiven()) return;
  if (observer !== null) observer.disconnect();
  observer = null;
  setGrowthFactor(V8_GROWTH_FACTOR);
}

/** Major collections seen since boundOldGeneration() (INFO tiered_heap_collections). */
export function oldGenerationCollections(): number {
  return majorCollections;
}

/**
 * After every major collection: the next one when the heap holds `garbageMax` bytes more than it
 * kept (V8 grows the limit by at least a few MiB whatever the flag says). Skipped when the node
 * command line sets --heap-growing-percent.
 */
export function boundOldGeneration(garbageMax = OLD_GARBAGE_MAX): void {
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  if (args.some((a) => /^--heap[-_]growing[-_]percent/.test(a))) return;
  const adjust = () => {
    const live = Math.max(1, v8.getHeapStatistics().used_heap_size);
    const percent = Math.max(1, Math.ceil((garbageMax / live) * 100));
    if (percent === growingPercent) return;
    growingPercent = percent;
    v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  };
  adjust();
  if (oldObserver !== null) oldObserver.disconnect();
  oldObserver = new PerformanceObserver((list) => {
    let major = false;
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) major = true;
    }
    if (!major) return;
    majorCollections++;
    adjust();
  });
  oldObserver.observe({ entryTypes: ['gc'] });
}

/**
 * Nice value for V8's helper threads (see lowerHelperThreads). Measured (docs/benchmarks.md, Stalls):
 * a 1M-key pipelined fill with tiering had 434-567 event-loop delays over 10 ms at nice 0 and 89-186
 * at 10, and ran 20% faster.
 */
export const HELPER_THREAD_NICE = 10;

/**
 * Lowers the scheduling priority of the process's other threads to HELPER_THREAD_NICE. They are V8's
 * platform workers (four: concurrent marking, parallel scavenging, sweeping) and idle Node threads;
 * the main thread runs every command. On a machine whose cores are all busy (load generators, other
 * processes) the workers took the main thread's core: half of each event-loop stall over 10 ms was
 * the main thread waiting in the run queue. At nice 10 a worker yields to it and still gets any idle
 * core. io_uring's kernel workers (iou-*) and libuv's pool are left alone: a command waits on them.
 * Linux only (threads are tasks there: setpriority on a thread id); returns how many were changed.
 */
export function lowerHelperThreads(nice = HELPER_THREAD_NICE): number {
  if (process.platform !== 'linux') return 0;
  let tids: string[];
  try {
    tids = fs.readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  let changed = 0;
  for (const tid of tids) {
    const id = Number(tid);
    if (id === process.pid) continue;
    try {
      const name = fs.readFileSync(`/proc/self/task/${tid}/comm`, 'latin1').trim();
      if (name.startsWith('iou-') || name.startsWith('libuv')) continue;
      if (os.getPriority(id) >= nice) continue;
      os.setPriority(id, nice);
      changed++;
    } catch {
      // The thread ended meanwhile, or the system refuses: its priority stays.
    }
  }
  return changed;
}
