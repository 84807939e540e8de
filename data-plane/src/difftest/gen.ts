// The generation context handed to every family: the PRNG, the selected database, small key pools
// (so that commands collide) and argument generators that mix ordinary values with the edge cases
// servers get wrong (overflow, non-numbers, 1e400, nan, huge ranges, binary data).
import { Prng } from './prng';
import type { Arg } from './resp';
import type { BlockingStep, Check, CommandStep, KeyRef, ScanStep, SleepStep } from './step';

/** Databases the generator selects between (all exist in a default configuration of 16). */
export const DBS = [0, 1, 2, 3];
/** Keys per data-type pool. */
export const KEYS_PER_POOL = 4;

export const EXACT: Check = { kind: 'exact' };

const INTERESTING_INTEGERS = [
  '0',
  '-0',
  '1',
  '-1',
  '7',
  '100',
  '-100',
  '9223372036854775807',
  '-9223372036854775808',
  '9223372036854775808',
  '-9223372036854775809',
  '99999999999999999999',
  '4294967296',
  '2147483648',
  '1.5',
  '1e3',
  '0x10',
  '+1',
  ' 1',
  '1 ',
  '',
  'abc',
  '12abc',
];

const INTERESTING_FLOATS = [
  '0',
  '1.5',
  '-2.25',
  '-0',
  '3',
  '0.1',
  '1e10',
  '1e400',
  '-1e400',
  '1e-400',
  '1.7976931348623157e308',
  'nan',
  'NaN',
  'inf',
  '-inf',
  '+inf',
  'infinity',
  '0x1p4',
  ' 1.5',
  '1.5 ',
  '',
  'abc',
  '5.0e3',
  '9223372036854775807',
  '.5',
  '5.',
];

const INTERESTING_VALUES: Arg[] = [
  '',
  '0',
  '1',
  '-1',
  '10',
  '3.5',
  '-0',
  '007',
  '9223372036854775807',
  '-9223372036854775808',
  '9223372036854775808',
  '1e400',
  'nan',
  'abc',
  'hello world',
  'foo',
  'bar',
  'a',
  'b',
  ' 12',
  Buffer.from([0, 255, 13, 10, 7]),
  Buffer.from('\u00e9t\u00e9'),
];

export class Gen {
  /** Database currently selected on the main connection (tracked by the generator itself). */
  db = 0;
  /** Family generating the current step. */
  family = '';
  /** Pools of the enabled families, for cross-type keys (WRONGTYPE). */
  pools: string[] = [];

  constructor(readonly rng: Prng) {}

  // ---- keys ----------------------------------------------------------------------------------------

  /** A key of `pool` (mostly), of another enabled pool (about 1 in 10: wrong types) or a missing one. */
  key(pool: string): string {
    const r = this.rng.float();
    if (r < 0.1 && this.pools.length > 0) return this.poolKey(this.rng.pick(this.pools));
    if (r < 0.13) return 'missing';
    return this.poolKey(pool);
  }

  /** A key of any enabled pool. */
  anyKey(): string {
    if (this.rng.chance(0.05) || this.pools.length === 0) return 'missing';
    return this.poolKey(this.rng.pick(this.pools));
  }

  poolKey(pool: string): string {
    return `${pool}:${this.rng.int(0, KEYS_PER_POOL - 1)}`;
  }

  ref(key: string, db = this.db): KeyRef {
    return { db, key };
  }

  // ---- arguments -----------------------------------------------------------------------------------

  /** A value: mostly short, sometimes an edge case, sometimes large (beyond listpack limits). */
  value(): Arg {
    const r = this.rng.float();
    if (r < 0.35) return this.rng.pick(INTERESTING_VALUES);
    if (r < 0.55) return String(this.rng.int(-1000, 1000));
    if (r < 0.95) return this.word(this.rng.int(1, 12));
    // Large values: repeated patterns keep printed histories short to describe, yet exact.
    return this.rng.pick(['x', 'ab', '0123456789']).repeat(this.rng.int(10, 400));
  }

  /** A small value from a tiny alphabet, so values repeat (LREM, LPOS, LINSERT pivots hit). */
  smallValue(): string {
    return this.rng.pick(['a', 'b', 'c', 'd', '1', '2', '10', 'x']);
  }

  word(len: number): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < len; i++) s += alphabet[this.rng.int(0, alphabet.length - 1)];
    return s;
  }

  /** An integer argument: usually small, sometimes an edge case or not an integer at all. */
  integer(lo = -10, hi = 10, edge = 0.15): string {
    if (this.rng.chance(edge)) return this.rng.pick(INTERESTING_INTEGERS);
    return String(this.rng.int(lo, hi));
  }

  /** A float argument: usually ordinary, sometimes 1e400, nan, inf, hex floats or garbage. */
  float(edge = 0.25): string {
    if (this.rng.chance(edge)) return this.rng.pick(INTERESTING_FLOATS);
    const v = this.rng.int(-100000, 100000) / this.rng.pick([1, 10, 100, 1000, 3]);
    return String(v);
  }

  /** A list/string index: small positive or negative, sometimes huge. */
  index(): string {
    return this.integer(-12, 12, 0.1);
  }

  /** A positive count, sometimes 0, negative, huge or not a number. */
  count(hi = 6): string {
    return this.integer(1, hi, 0.12);
  }

  /** Randomizes the letter case of a command name (commands are case-insensitive). */
  name(cmd: string): string {
    if (!this.rng.chance(0.05)) return cmd;
    return [...cmd].map((c) => (this.rng.chance(0.5) ? c.toLowerCase() : c.toUpperCase())).join('');
  }

  // ---- steps ---------------------------------------------------------------------------------------

  cmd(args: Arg[], keys: string[], check: Check = EXACT, extra: Partial<CommandStep> = {}): CommandStep {
    return {
      kind: 'command',
      family: this.family,
      db: this.db,
      args,
      keys: keys.map((k) => this.ref(k)),
      check,
      ...extra,
    };
  }

  sleep(ms: number, keys: string[] = []): SleepStep {
    return { kind: 'sleep', family: this.family, db: this.db, ms, keys: keys.map((k) => this.ref(k)) };
  }

  blocking(
    waiters: { args: Arg[]; timeoutMs: number }[],
    wake: Arg[] | undefined,
    keys: string[],
    gapMs = 40,
  ): BlockingStep {
    return {
      kind: 'blocking',
      family: this.family,
      db: this.db,
      waiters,
      wake,
      gapMs,
      keys: keys.map((k) => this.ref(k)),
    };
  }

  scan(args: Arg[], cursorIndex: number, pairs: boolean, keys: KeyRef[]): ScanStep {
    return { kind: 'scan', family: this.family, db: this.db, args, cursorIndex, pairs, keys };
  }

  /** Absolute Unix time (seconds) far in the future or in the past. */
  unixSeconds(future: boolean): string {
    const now = Math.floor(Date.now() / 1000);
    return String(future ? now + this.rng.int(1000, 100000) : this.rng.int(1, now - 1000));
  }
}

// ---- wrong arity -----------------------------------------------------------------------------------

/**
 * A command sent with a number of arguments its arity (Redis's convention: n exact, -n at least n,
 * the command name included) forbids. Blocking commands are safe here: they fail before blocking.
 */
export function wrongArity(g: Gen, arities: Readonly<Record<string, number>>, pool: string): CommandStep {
  const name = g.rng.pick(Object.keys(arities));
  const arity = arities[name];
  let argc: number;
  if (arity > 0) {
    const choices: number[] = [];
    for (let n = 1; n <= arity + 2; n++) if (n !== arity) choices.push(n);
    argc = g.rng.pick(choices);
  } else {
    argc = g.rng.int(1, -arity - 1);
  }
  const args: Arg[] = [g.name(name.toUpperCase())];
  const keys: string[] = [];
  for (let i = 1; i < argc; i++) {
    if (i === 1) {
      const k = g.key(pool);
      keys.push(k);
      args.push(k);
    } else {
      args.push(g.smallValue());
    }
  }
  return g.cmd(args, keys);
}
