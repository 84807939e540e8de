// Helpers shared by families for time-dependent replies and short expiries.
import { Gen } from '../gen';
import type { Arg } from '../resp';
import type { Check, Step } from '../step';

/**
 * TTL-like replies depend on the moment each server ran the command. The two servers get each command
 * at the same time, so their answers differ by little; -1 and -2 must still match exactly.
 */
export const APPROX_TTL: { seconds: Check; ms: Check } = {
  seconds: { kind: 'approx', tolerance: 1 },
  ms: { kind: 'approx', tolerance: 500 },
};

/** Milliseconds a scenario waits after setting a short TTL (TTL + margin for a busy machine). */
const SHORT_TTL_MAX_MS = 40;
const EXPIRY_MARGIN_MS = 60;

/** Commands that observe a key after it expired (lazy expiry on access). */
function observe(g: Gen, key: string): Step {
  const cmds: [string, Check?][] = [
    ['GET'],
    ['EXISTS'],
    ['TYPE'],
    ['TTL', APPROX_TTL.seconds],
    ['PTTL', APPROX_TTL.ms],
    ['STRLEN'],
    ['LLEN'],
    ['HLEN'],
    ['PERSIST'],
    ['DEL'],
    ['APPEND'],
    ['INCR'],
    ['LPUSH'],
    ['HSET'],
  ];
  const [c, check] = g.rng.pick(cmds);
  const args: Arg[] = [c, key];
  if (c === 'APPEND' || c === 'LPUSH') args.push(g.smallValue());
  if (c === 'HSET') args.push('f', g.smallValue());
  return g.cmd(args, [key], check);
}

/**
 * A key gets a TTL of a few milliseconds (SET PX, PSETEX, PEXPIRE, GETEX PX or SET PXAT), the scenario
 * waits until it has passed on both servers, then reads or writes the key. No other step runs while
 * the TTL is short, so replies never depend on which server reached the deadline first.
 */
export function shortExpiry(g: Gen, pool: string): Step[] {
  const key = g.key(pool);
  const ms = g.rng.int(1, SHORT_TTL_MAX_MS);
  const v = g.smallValue();
  let setter: Arg[];
  switch (g.rng.int(0, 4)) {
    case 0:
      setter = ['SET', key, v, 'PX', String(ms)];
      break;
    case 1:
      setter = ['PSETEX', key, String(ms), v];
      break;
    case 2:
      setter = ['PEXPIRE', key, String(ms)];
      break;
    case 3:
      setter = ['GETEX', key, 'PX', String(ms)];
      break;
    default:
      setter = ['SET', key, v, 'PXAT', String(Date.now() + ms)];
  }
  const steps: Step[] = [g.cmd(setter, [key]), g.sleep(SHORT_TTL_MAX_MS + EXPIRY_MARGIN_MS, [key])];
  const n = g.rng.int(1, 2);
  for (let i = 0; i < n; i++) steps.push(observe(g, key));
  return steps;
}
