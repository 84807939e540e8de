// The minimal history of a failing step: the earlier steps that wrote or read its keys, followed
// through the commands that carry data from one key to another (RENAME, COPY, MOVE, SWAPDB, LMOVE...),
// and stopping at FLUSHDB/FLUSHALL, which make everything before them irrelevant for what they flush.
// Read-only steps over a whole database (KEYS, SCAN, RANDOMKEY, DBSIZE) change nothing and are left out.
import { stepArgs, type KeyRef, type Step } from './step';

/** Commands whose result in one key depends on the state of another key. */
const DATA_FLOW = new Set([
  'RENAME',
  'RENAMENX',
  'COPY',
  'MOVE',
  'SWAPDB',
  'LMOVE',
  'RPOPLPUSH',
  'BLMOVE',
  'BRPOPLPUSH',
  'SMOVE',
  'SUNIONSTORE',
  'SINTERSTORE',
  'SDIFFSTORE',
  'ZUNIONSTORE',
  'ZINTERSTORE',
  'ZDIFFSTORE',
  'ZRANGESTORE',
]);

function commandNames(s: Step): string[] {
  if (s.kind === 'blocking')
    return [...s.waiters.map((w) => w.args), ...(s.wake ? [s.wake] : [])].map((a) =>
      String(a[0]).toUpperCase(),
    );
  return [String(stepArgs(s)[0] ?? '').toUpperCase()];
}

export function carriesData(s: Step): boolean {
  return commandNames(s).some((n) => DATA_FLOW.has(n));
}

function refsMatch(a: KeyRef, b: KeyRef): boolean {
  if (a.db !== -1 && b.db !== -1 && a.db !== b.db) return false;
  return a.key === '*' || b.key === '*' || a.key === b.key;
}

/** Indices (ascending) of the steps before `failing` that are relevant to it. */
export function minimalHistory(steps: readonly Step[], failing: number): number[] {
  const working: KeyRef[] = [...steps[failing].keys];
  const closed = new Set<number>();
  let allClosed = false;
  const out: number[] = [];
  for (let j = failing - 1; j >= 0 && !allClosed; j--) {
    const s = steps[j];
    const wholeDbRead = !s.barrier && !carriesData(s) && s.keys.some((k) => k.key === '*');
    if (wholeDbRead) continue;
    const active = working.filter((w) => !closed.has(w.db));
    if (!s.keys.some((k) => active.some((w) => refsMatch(k, w)))) continue;
    out.push(j);
    if (s.barrier) {
      for (const k of s.keys) {
        if (k.db === -1) allClosed = true;
        else closed.add(k.db);
      }
    } else if (carriesData(s)) {
      for (const k of s.keys) if (!working.some((w) => w.db === k.db && w.key === k.key)) working.push(k);
    }
  }
  return out.reverse();
}
