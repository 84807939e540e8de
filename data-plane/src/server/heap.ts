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
 */
import v8 from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';

/** Semi-space size the young generation may grow to with tiering on (measured: docs/benchmarks.md). */
export const YOUNG_SEMI_SPACE_CAP = 4 * 1024 * 1024;
/** V8's default --semi-space-growth-factor. */
const V8_GROWTH_FACTOR = 2;

let factor = -1;
let observer: PerformanceObserver | null = null;

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
