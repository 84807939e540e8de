// What the generator produces and the runner executes: one step is one command (or one small
// scenario, such as a blocking pop woken by another connection), with how to compare its replies.
import type { Arg, Reply } from './resp';

/** A key in a database. key "*" stands for every key of that database; db -1 for every database. */
export interface KeyRef {
  db: number;
  key: string;
}

/**
 * How the two servers' replies to one command are compared.
 * - exact: same type and bytes at every level.
 * - unordered: an array compared as a multiset of its elements (KEYS, HKEYS, HVALS...).
 * - unordered-pairs: a flat array of pairs compared as a multiset of pairs (HGETALL).
 * - approx: integers within `tolerance` (TTL-like replies, which depend on when each server ran the
 *   command); negative integers (-1, -2: no TTL, no key) and any other reply type compared exactly.
 * - valid: nondeterministic replies (HRANDFIELD, RANDOMKEY...). Errors and nils are compared exactly;
 *   otherwise each server's reply is checked against `probe` (a read-only command, e.g. HGETALL, sent
 *   to the same server just before) by `validate`, and the probes are compared as `probeCheck`.
 */
export type Check =
  | { kind: 'exact' }
  | { kind: 'unordered' }
  | { kind: 'unordered-pairs' }
  | { kind: 'approx'; tolerance: number }
  | {
      kind: 'valid';
      probe?: Arg[];
      probeCheck?: Check;
      /** Returns a description of what is wrong with `reply`, or null when it is valid. */
      validate: (reply: Reply, probe: Reply | undefined) => string | null;
    };

interface StepBase {
  /** The family that generated the step (for the per-family report). */
  family: string;
  /** Database selected on the main connection when the step runs. */
  db: number;
  /** Keys read or written; used to print the minimal history of a failing key. */
  keys: KeyRef[];
  /** The step replaces whole databases (FLUSHDB/FLUSHALL): earlier history of them is irrelevant. */
  barrier?: boolean;
}

export interface CommandStep extends StepBase {
  kind: 'command';
  args: Arg[];
  check: Check;
  /** Reply timeout (ms); blocking commands with a timeout need more than the default. */
  timeoutMs?: number;
}

/** Waits, so that short TTLs set just before have passed on both servers. */
export interface SleepStep extends StepBase {
  kind: 'sleep';
  ms: number;
}

/**
 * Blocking commands on extra connections (`waiters`, sent in order with `gapMs` between them so the
 * server blocks them in that order), then `wake` (if any) on the main connection. All replies are
 * compared exactly: the wake command's reply first, then each waiter's.
 */
export interface BlockingStep extends StepBase {
  kind: 'blocking';
  waiters: { args: Arg[]; timeoutMs: number }[];
  wake?: Arg[];
  gapMs: number;
}

/**
 * A complete SCAN-family iteration: `args` has the cursor at `cursorIndex`; the runner iterates from
 * cursor 0 until the server returns cursor 0, and compares the set of returned elements (or of
 * field/value pairs when `pairs`). An error reply is compared exactly.
 */
export interface ScanStep extends StepBase {
  kind: 'scan';
  args: Arg[];
  cursorIndex: number;
  pairs: boolean;
}

export type Step = CommandStep | SleepStep | BlockingStep | ScanStep;

/** A family of commands: a name and weighted generators, each returning one step or a short scenario. */
export interface Family {
  name: string;
  /** Relative share of the steps (default 1). */
  weight?: number;
  /** Key pool prefix used by this family's data type (keys of other pools give WRONGTYPE). */
  pool?: string;
  generators: ReadonlyArray<readonly [number, (g: import('./gen').Gen) => Step | Step[]]>;
}

export function stepArgs(s: Step): Arg[] {
  switch (s.kind) {
    case 'command':
    case 'scan':
      return s.args;
    case 'blocking':
      return s.wake ?? s.waiters[0]?.args ?? [];
    case 'sleep':
      return [];
  }
}
